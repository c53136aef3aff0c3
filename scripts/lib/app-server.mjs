// The built server (dist/main.js) as a child process for the scripted tests: started on a free
// loopback port with the given database settings, ready once GET /health answers 200, stopped by its
// PID. Its output goes to a log file, printed in part when it fails to start. Also the machine's
// MariaDB as the scripts reach it, for the throwaway databases they create and drop.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { freePort } from './private-mariadb.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The machine's MariaDB (MACHINE.md): root without a password on loopback. */
export const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

/** One statement as root on the machine's MariaDB, on a connection of its own. */
export async function adminQuery(sql, parameters = []) {
  const connection = await mysql.createConnection(MARIADB);
  try {
    const [rows] = await connection.query(sql, parameters);
    return rows;
  } finally {
    await connection.end();
  }
}

/** DB_* settings for a database on the machine's MariaDB. */
export const mariadbEnv = (name) => ({
  DB_TYPE: 'mariadb',
  DB_HOST: MARIADB.host,
  DB_PORT: String(MARIADB.port),
  DB_USER: MARIADB.user,
  DB_PASSWORD: MARIADB.password,
  DB_NAME: name,
});

export const tail = (file, lines) => readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');

export class AppServer {
  /**
   * @param {{ env: Record<string, string>, logFile: string, waitFor: Function }} options `env`: the
   *   database and any other settings over NODE_ENV=test, no rate limits, warn-level JSON logs;
   *   `waitFor`: scriptTest's poll
   */
  constructor({ env, logFile, waitFor }) {
    this.env = env;
    this.logFile = logFile;
    this.waitFor = waitFor;
    this.child = undefined;
  }

  async start() {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    const out = openSync(this.logFile, 'a');
    this.child = spawn(process.execPath, [path.join(ROOT, 'dist/main.js')], {
      cwd: ROOT,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: this.baseUrl,
        RATE_LIMIT_ENABLED: 'false',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        ...this.env,
      },
    });
    closeSync(out);
    const child = this.child;
    // A server that exits at startup (bad environment, failed migration) ends the wait at once.
    const up = async () =>
      (await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(2000) })).status === 200;
    try {
      await this.waitFor('GET /health = 200', async () => child.exitCode !== null || (await up()));
      if (child.exitCode !== null) {
        throw new Error(`the server exited with status ${child.exitCode}`);
      }
    } catch (error) {
      console.log(tail(this.logFile, 30));
      throw error;
    }
    return this.baseUrl;
  }

  /** Error-level lines (a 500, a crash) in its log so far: a bug, whatever the test. */
  errorLines() {
    return readFileSync(this.logFile, 'utf8')
      .split('\n')
      .filter((line) => /^\{"level":(50|60)/.test(line));
  }

  async stop() {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGTERM');
    await Promise.race([exited, sleep(15000).then(() => process.kill(child.pid, 'SIGKILL'))]);
  }
}
