// The servers a benchmark measures: the built app (`node dist/main.js`, or a PM2 cluster over all
// cores), the bare NestJS baseline (bare-app.ts) and the raw floor (floor/). Each is registered with
// the cleanup as it starts.
import { ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnvironmentVariables } from '../../src/config/env.validation';
import { freePort } from '../lib/private-mariadb';
import { alive, Cleanup, ROOT, stopProcess } from '../lib/processes';
import { withChildren } from './cpu';

export interface BenchServer {
  url: string;
  /** Every process whose CPU time is the server's, read afresh each time. */
  pids(): number[];
  stop(): Promise<void>;
}

export interface ServerSettings {
  /** The environment it starts from (the bench's own), and the settings over it. */
  baseEnv: NodeJS.ProcessEnv;
  env: Record<string, string>;
  jwtSecret: string;
  cluster: boolean;
  /** One process only: the server runs under `node --cpu-prof` and writes a .cpuprofile here when it stops. */
  cpuProf?: string;
}

/** The server's connection pool in the benchmark, per process, and so the floor's. */
const BENCH_POOL_SIZE = '20';

/** Polls `url` until it answers 2xx; gives up when `child` (if given) exits, or after `timeoutMs`. */
async function waitForHttp(url: string, child?: ChildProcess, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && !alive(child)) {
      throw new Error(`the process that should answer ${url} exited (${child.exitCode ?? child.signalCode})`);
    }
    try {
      if ((await fetch(url)).ok) {
        return;
      }
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer`);
}

/** Runs `stop` once, however often it is called (by the run, then by the cleanup). */
const once = (stop: () => Promise<void>): (() => Promise<void>) => {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
};

/** The server under test with production settings, except rate limits: every request comes from one address. */
export async function startServer(settings: ServerSettings, cleanup: Cleanup): Promise<BenchServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...settings.baseEnv,
    ...settings.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    JWT_SECRET: settings.jwtSecret,
    // Production's logging (a JSON line per request).
    LOG_LEVEL: 'info',
    RATE_LIMIT_ENABLED: 'false',
    DB_POOL_SIZE: BENCH_POOL_SIZE,
  };
  if (!settings.cluster) {
    const profile = settings.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(settings.cpuProf)}`] : [];
    const child = spawn(process.execPath, [...profile, 'dist/main.js'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const stop = once(() => stopProcess(child, { graceMs: 15000 }));
    cleanup.add('stop the server', stop);
    await waitForHttp(`${url}/health`, child);
    return { url, pids: () => withChildren([child.pid!]), stop };
  }
  const pm2Home = cleanup.tempDir('conduit-bench-pm2-');
  const pm2 = (...args: string[]) =>
    spawnSync(process.execPath, ['node_modules/pm2/bin/pm2', ...args], {
      cwd: ROOT,
      env: { ...env, PM2_HOME: pm2Home, PM2_APP_NAME: 'conduit-bench', PM2_LOG_DIR: pm2Home },
      encoding: 'utf8',
    });
  const stop = once(() => Promise.resolve(void pm2('kill')));
  cleanup.add('stop the PM2 cluster', stop);
  pm2('start', 'ecosystem.config.js', '--env', 'production');
  await waitForHttp(`${url}/health`);
  await sleep(3000); // every worker ready
  // The workers and PM2's daemon (which carries their log lines): all the server's CPU. Read afresh
  // for each scenario, so a worker PM2 restarted is counted.
  const daemon = Number(readFileSync(path.join(pm2Home, 'pm2.pid'), 'utf8'));
  const workers = () => (JSON.parse(pm2('jlist').stdout) as { pid: number }[]).map((app) => app.pid);
  return { url, pids: () => [...withChildren(workers()), daemon], stop };
}

/** The bare NestJS application with one route, GET /ping. */
export async function startBare(baseEnv: NodeJS.ProcessEnv, cleanup: Cleanup): Promise<BenchServer> {
  const port = await freePort();
  const child = fork(path.join(__dirname, 'bare-app.js'), { env: { ...baseEnv, PORT: String(port) }, stdio: 'ignore' });
  const stop = once(() => stopProcess(child, { graceMs: 15000 }));
  cleanup.add('stop the bare app', stop);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/ping`, child);
  return { url, pids: () => [child.pid!], stop };
}

/**
 * The raw floor (floor/main.ts): node:http and mysql2 with the server's SQL, on the same database
 * with the same pool size and token settings (the server's defaults for all but the secret); as
 * many processes as the server has workers.
 */
export async function startFloor(settings: ServerSettings, cleanup: Cleanup): Promise<BenchServer> {
  const port = await freePort();
  const { JWT_ISSUER, JWT_AUDIENCE, JWT_CLOCK_TOLERANCE_S } = new EnvironmentVariables();
  const env = {
    ...settings.baseEnv,
    ...settings.env,
    PORT: String(port),
    DB_POOL_SIZE: BENCH_POOL_SIZE,
    JWT_SECRET: settings.jwtSecret,
    JWT_ISSUER,
    JWT_AUDIENCE,
    JWT_CLOCK_TOLERANCE_S: String(JWT_CLOCK_TOLERANCE_S),
    FLOOR_WORKERS: String(settings.cluster ? availableParallelism() : 1),
  };
  const child = fork(path.join(__dirname, 'floor', 'main.js'), { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const stop = once(() => stopProcess(child, { graceMs: 15000 }));
  cleanup.add('stop the floor server', stop);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/tags`, child);
  // In cluster mode the workers are the primary's children: read afresh, like the server's.
  return { url, pids: () => withChildren([child.pid!]), stop };
}
