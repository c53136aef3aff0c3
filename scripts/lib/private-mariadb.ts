// A MariaDB server of our own, started from the installed binaries with its own data directory,
// temp directory, socket and port, so a test or benchmark can stop it or tune it without touching
// the machine's shared server (see ../shared/MACHINE.md). Stopped by its own PID.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import { Mariadb } from './mariadb';
export type { DatabaseEnv } from './mariadb';
import { stopProcess } from './processes';

/** A free TCP port on loopback (or on another local address). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface PrivateMariadbSettings {
  /** Its port; a free one when 0 or left out. */
  port?: number;
  /**
   * The local address it listens on and is reached at (default 127.0.0.1). On another address, e.g. a
   * test bridge's for apps in network namespaces, root may also log in from that address's /24: it
   * has no password, so use only a network the test created itself.
   */
  host?: string;
  /** Extra `mariadbd` options, e.g. a buffer pool size. */
  options?: string[];
}

export class PrivateMariadb extends Mariadb {
  readonly options: string[];
  process: ChildProcess | undefined;

  /** @param dir where its data, temp files, socket and logs live (kept between runs) */
  constructor(
    readonly dir: string,
    { port = 0, host = '127.0.0.1', options = [] }: PrivateMariadbSettings = {},
  ) {
    super(host, port);
    this.options = options;
  }

  get installed(): boolean {
    return existsSync(path.join(this.dir, 'data', 'mysql'));
  }

  install(): void {
    for (const folder of ['data', 'tmp']) {
      mkdirSync(path.join(this.dir, folder), { recursive: true });
    }
    const result = spawnSync(
      'mariadb-install-db',
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${this.dir}/data`,
        `--tmpdir=${this.dir}/tmp`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--skip-name-resolve',
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0) {
      throw new Error(`mariadb-install-db failed:\n${result.stdout}\n${result.stderr}`);
    }
  }

  async start(): Promise<void> {
    if (!this.installed) {
      this.install();
    }
    this.port ||= await freePort(this.host);
    mkdirSync(path.join(this.dir, 'tmp'), { recursive: true });
    const child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${this.dir}/data`,
        `--socket=${this.dir}/s.sock`,
        `--pid-file=${this.dir}/pid`,
        `--port=${this.port}`,
        `--bind-address=${this.host}`,
        `--tmpdir=${this.dir}/tmp`,
        `--log-error=${this.dir}/err.log`,
        '--innodb-buffer-pool-size=16M',
        '--innodb-log-file-size=16M',
        // Clients on another network are known by address (see allowRootFromNetwork): no reverse DNS.
        ...(this.host === '127.0.0.1' ? [] : ['--skip-name-resolve']),
        ...this.options,
      ],
      { stdio: 'ignore', detached: true },
    );
    this.process = child;
    child.unref();
    const deadline = Date.now() + 60000;
    for (;;) {
      try {
        if (this.host !== '127.0.0.1') {
          await this.allowRootFromNetwork();
        }
        const connection = await this.connect();
        await connection.end();
        return;
      } catch (error) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`the private MariaDB did not start (see ${this.dir}/err.log): ${(error as Error).message}`);
        }
        await sleep(200);
      }
    }
  }

  stop(): Promise<void> {
    return stopProcess(this.process, { graceMs: 60000 });
  }

  /**
   * mariadb-install-db lets root in from the local machine only (localhost, 127.0.0.1, ::1): over the
   * socket, let it in from the network of `host` as well (idempotent, so also on a restart).
   */
  async allowRootFromNetwork(): Promise<void> {
    const octets = /^(\d+\.\d+\.\d+)\.\d+$/.exec(this.host);
    const from = octets ? `${octets[1]}.%` : '%';
    const connection = await mysql.createConnection({ socketPath: path.join(this.dir, 's.sock'), user: 'root' });
    try {
      await connection.query(`CREATE USER IF NOT EXISTS 'root'@'${from}'`);
      await connection.query(`GRANT ALL PRIVILEGES ON *.* TO 'root'@'${from}' WITH GRANT OPTION`);
    } finally {
      await connection.end();
    }
  }
}
