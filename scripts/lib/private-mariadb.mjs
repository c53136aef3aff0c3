// A MariaDB server of our own, started from the installed binaries with its own data directory,
// temp directory, socket and port, so a test or benchmark can stop it or tune it without touching
// the machine's shared server (see ../shared/MACHINE.md). Stopped by its own PID.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export class PrivateMariadb {
  /**
   * @param {string} dir where its data, temp files, socket and logs live (kept between runs)
   * @param {{ port?: number, options?: string[] }} settings extra `mariadbd` options, e.g. a buffer pool size
   */
  constructor(dir, { port = 0, options = [] } = {}) {
    this.dir = dir;
    this.port = port;
    this.options = options;
    this.process = undefined;
  }

  get installed() {
    return existsSync(path.join(this.dir, 'data', 'mysql'));
  }

  install() {
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

  async start() {
    if (!this.installed) {
      this.install();
    }
    this.port ||= await freePort();
    mkdirSync(path.join(this.dir, 'tmp'), { recursive: true });
    this.process = spawn(
      'mariadbd',
      [
        '--no-defaults',
        '--user=root',
        `--datadir=${this.dir}/data`,
        `--socket=${this.dir}/s.sock`,
        `--pid-file=${this.dir}/pid`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--tmpdir=${this.dir}/tmp`,
        `--log-error=${this.dir}/err.log`,
        '--innodb-buffer-pool-size=16M',
        '--innodb-log-file-size=16M',
        ...this.options,
      ],
      { stdio: 'ignore', detached: true },
    );
    this.process.unref();
    const deadline = Date.now() + 60000;
    for (;;) {
      try {
        const connection = await this.connect();
        await connection.end();
        return;
      } catch (error) {
        if (Date.now() > deadline || this.process.exitCode !== null) {
          throw new Error(`the private MariaDB did not start (see ${this.dir}/err.log): ${error.message}`);
        }
        await sleep(200);
      }
    }
  }

  async stop() {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGTERM');
    await Promise.race([exited, sleep(60000).then(() => process.kill(child.pid, 'SIGKILL'))]);
  }

  connect(database) {
    return mysql.createConnection({
      host: '127.0.0.1',
      port: this.port,
      user: 'root',
      database,
      multipleStatements: false,
    });
  }

  /** The environment that points the server, the migrations and the seed at this instance. */
  env(database) {
    return {
      DB_TYPE: 'mariadb',
      DB_HOST: '127.0.0.1',
      DB_PORT: String(this.port),
      DB_USER: 'root',
      DB_PASSWORD: '',
      DB_NAME: database,
    };
  }
}
