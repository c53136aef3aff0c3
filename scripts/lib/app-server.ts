// The built server (dist/main.js) as a child process for the scripted tests: started on a free
// loopback port (or an address given) with the given settings, ready once GET /health answers 200,
// stopped by its PID. Its output goes to a log file, printed in part when it fails to start.
import { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { healthy } from './http';
import { freePort } from './private-mariadb';
import { alive, ROOT, startDetached, stopProcess } from './processes';
import type { WaitFor } from './script-test';

export const tail = (file: string, lines: number): string =>
  readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');

export interface AppServerOptions {
  /**
   * The database and any other settings, over NODE_ENV=test, no rate limits, warn-level JSON logs,
   * and HOST, PORT and PUBLIC_URL for a free loopback port.
   */
  env: Record<string, string>;
  waitFor: WaitFor;
  /** Where its output goes (appended); without one, its stderr is this process's and stdout dropped. */
  logFile?: string;
  /** The URL it is reached at when it is not a free loopback port (`env` then sets HOST and PORT). */
  url?: string;
  /** A command the server runs under, e.g. `ip netns exec <namespace>`. */
  wrapper?: string[];
  /** How long it may take to answer GET /health. */
  startTimeoutMs?: number;
}

export class AppServer {
  child: ChildProcess | undefined;
  baseUrl = '';

  constructor(private readonly options: AppServerOptions) {}

  /** Starts it and answers its base URL once GET /health = 200; throws if it exits first. */
  async start(): Promise<string> {
    const { env, waitFor, logFile, url, wrapper = [], startTimeoutMs } = this.options;
    let listen = {};
    if (url) {
      this.baseUrl = url;
    } else {
      const port = await freePort();
      this.baseUrl = `http://127.0.0.1:${port}`;
      listen = { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: this.baseUrl };
    }
    const [command, ...args] = [...wrapper, process.execPath, path.join(ROOT, 'dist/main.js')];
    const child = startDetached(command, args, {
      logFile,
      stdio: logFile ? undefined : ['ignore', 'ignore', 'inherit'],
      env: {
        NODE_ENV: 'test',
        ...listen,
        RATE_LIMIT_ENABLED: 'false',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        ...env,
      },
    });
    this.child = child;
    // A server that exits at startup (bad environment, failed migration) ends the wait at once.
    try {
      await waitFor(
        `GET ${this.baseUrl}/health = 200`,
        async () => !alive(child) || (await healthy(this.baseUrl)),
        startTimeoutMs,
      );
      if (!alive(child)) {
        throw new Error(`the server exited with status ${child.exitCode ?? child.signalCode}`);
      }
    } catch (error) {
      if (logFile) {
        console.log(tail(logFile, 30));
      }
      throw error;
    }
    return this.baseUrl;
  }

  /** Error-level lines (a 500, a crash) in its log so far: a bug, whatever the test. */
  errorLines(): string[] {
    return this.options.logFile
      ? readFileSync(this.options.logFile, 'utf8')
          .split('\n')
          .filter((line) => /^\{"level":(50|60)/.test(line))
      : [];
  }

  /** Stops it (again: nothing to do) and answers once it has exited. */
  async stop(): Promise<void> {
    // Its own process group: the server and any helper processes it started.
    await stopProcess(this.child, { graceMs: 15000, group: true });
  }
}
