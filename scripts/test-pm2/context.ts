// What every test:pm2 scenario works with, built once by main.ts and passed to each.
import { Api } from '../lib/http';
import { CONNECTIONS } from '../lib/load';
import { PrivateMariadb } from '../lib/private-mariadb';
import { ScriptTest } from '../lib/script-test';
import { Pm2Cluster } from './cluster';

export const WORKERS = 2;
export const LOAD_SECONDS = 8;

/** One row of the figures table printed at the end. */
export type Figure = Record<string, string | number>;

export interface Pm2Context {
  test: ScriptTest;
  cluster: Pm2Cluster;
  baseUrl: string;
  api: Api;
  mariadb: PrivateMariadb;
  database: string;
  /** Where the workers' log files are. */
  logDir: string;
  figures: Figure[];
  /** A registered user's token and one of their articles, read under load. */
  token: string;
  slug: string;
}

/** The read paths of the load, /api/user with the token. */
export const readLoadOptions = ({ token, slug }: Pm2Context) => ({
  connections: CONNECTIONS,
  paths: ['/api/articles?limit=10', `/api/articles/${slug}`, '/api/tags', '/api/user'],
  headers: (path: string) => (path === '/api/user' ? { Authorization: `Token ${token}` } : {}),
});
