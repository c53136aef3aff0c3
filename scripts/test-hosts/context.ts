// What every test:hosts scenario works with: the test, its network, the app hosts and nginx, built
// by main.ts and passed to each.
import { AppServer } from '../lib/app-server';
import { ScriptTest } from '../lib/script-test';
import type { Nginx } from './nginx';

export const APP_PORT = 3000;
export const EMAIL_LIMIT = 5;

/** One app host: a network namespace with a veth pair on the test's bridge, and a server in it. */
export interface Host {
  /** A or B */
  name: string;
  ns: string;
  veth: string;
  peer: string;
  octet: number;
  /** Its address on the bridge, and `http://<address>:3000`: set when the network is created. */
  address: string;
  url: string;
  server?: AppServer;
  logFile: string;
}

/** One row of the figures table printed at the end. */
export interface Figure {
  scenario: string;
  requests?: number;
  'req/s'?: number;
  failed?: number;
  detail?: string;
}

export interface HostsContext {
  test: ScriptTest;
  hosts: Host[];
  nginx: Nginx;
  figures: Figure[];
}

/** `address:3000`, as nginx's $upstream_addr names a host. */
export const upstreamOf = (host: Host): string => `${host.address}:${APP_PORT}`;
