#!/usr/bin/env node
// `npm run test:pm2`: the built server under PM2 in cluster mode (2 workers) on a private MariaDB,
// proving what PM2 is here for:
//   1. `pm2 reload` under steady load: zero failed requests, zero non-2xx;
//   2. SIGKILL of a worker under load: PM2 restarts it, the service keeps answering, at most the
//      requests in flight on that worker fail;
//   3. writes (new articles) across a reload: every write that got a 2xx is in the database;
//   4. the database stopped while the server runs: /health and the API answer 503 (no crash, no
//      hang), and the server recovers by itself when the database is back;
//   plus cluster-wide /metrics and JSON log files.
// Everything runs in a temporary folder with its own PM2_HOME, MariaDB data dir and ports, and is
// stopped by process id and deleted at the end. The machine's shared MariaDB is never touched.
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { apiRequest, scriptTest } from './lib/script-test.mjs';
import { freePort, PrivateMariadb } from './lib/private-mariadb.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pm2Bin = path.join(root, 'node_modules/pm2/bin/pm2');
const APP = 'conduit-pm2-test';
const WORKERS = 2;
const LOAD_SECONDS = 8;
const CONNECTIONS = 16;

const work = mkdtempSync(path.join(tmpdir(), 'conduit-pm2-'));
const figures = [];
let failed = false;

const { log, check, waitFor } = scriptTest('test:pm2');
const execFileAsync = promisify(execFile);

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

// --- A private MariaDB: own data dir, temp dir, socket and port (see ../shared/MACHINE.md) --------
const db = { name: 'conduit_pm2' };
const mariadb = new PrivateMariadb(path.join(work, 'db'));

const startMariadb = () => mariadb.start();
const stopMariadb = () => mariadb.stop();

async function sql(query, params = []) {
  const connection = await mariadb.connect(db.name);
  try {
    const [rows] = await connection.query(query, params);
    return rows;
  } finally {
    await connection.end();
  }
}

// --- PM2 with its own home ---------------------------------------------------------------------
let serverEnv;
let baseUrl;

function pm2(...args) {
  return run(process.execPath, [pm2Bin, ...args], serverEnv);
}

/**
 * pm2 without blocking this process: for a command that runs while load is on. A reload takes
 * seconds, and clients frozen that long would neither send a request during it nor read the
 * answers and the closed keep-alive connections it leaves, as no real client would.
 */
async function pm2Async(...args) {
  await execFileAsync(process.execPath, [pm2Bin, ...args], { cwd: root, env: { ...process.env, ...serverEnv } });
}

function workers() {
  const list = JSON.parse(pm2('jlist'));
  return list
    .filter((proc) => proc.name === APP)
    .map((proc) => ({
      id: proc.pm_id,
      pid: proc.pid,
      status: proc.pm2_env.status,
      restarts: proc.pm2_env.restart_time,
    }));
}

async function startCluster() {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  serverEnv = {
    PM2_HOME: path.join(work, 'pm2'),
    PM2_APP_NAME: APP,
    PM2_INSTANCES: String(WORKERS),
    PM2_LOG_DIR: path.join(work, 'logs'),
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    ...mariadb.env(db.name),
    DB_POOL_SIZE: '8',
    JWT_SECRET: randomUUID() + randomUUID(),
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_MS: '8000',
    // Rate limits in the machine's Redis under a key prefix of this run's own: the load below stays
    // under the general limit, and the login limit is checked across both workers.
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `conduit-pm2-test-${randomUUID().slice(0, 8)}:`,
    RATE_LIMIT_PER_MINUTE: '1000000',
  };
  pm2('start', 'ecosystem.config.js', '--env', 'production');
  await waitFor(`${WORKERS} workers online`, () => workers().filter((w) => w.status === 'online').length === WORKERS);
  await waitFor('GET /health = 200', async () => (await fetch(`${baseUrl}/health`)).status === 200);
}

// --- Load ----------------------------------------------------------------------------------------
const api = (method, url, options) => apiRequest(baseUrl, method, url, options);

/** One GET on a given keep-alive agent: resolves with the status, rejects on a socket error or timeout. */
function get(agent, url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${baseUrl}${url}`, { agent, headers, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * Steady read load until `until` settles (LOAD_SECONDS by default) from CONNECTIONS clients, each with one keep-alive connection
 * (a Node.js http.Agent, which honours `Connection: close`), cycling through a list of articles, one
 * article, tags and the current user. Every request is accounted for: a status, or an error.
 * (autocannon is not used here: it ignores `Connection: close` and silently drops the request it had
 * already written to a closing socket, so it can neither prove nor disprove "zero failed requests".)
 */
async function readLoad(token, slug, until = sleep(LOAD_SECONDS * 1000)) {
  const paths = ['/api/articles?limit=10', `/api/articles/${slug}`, '/api/tags', '/api/user'];
  const result = { sent: 0, '2xx': 0, non2xx: 0, errors: 0, statuses: {}, errorMessages: [] };
  let over = false;
  until.finally(() => (over = true)).catch(() => undefined);
  const client = async (n) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = n; !over; i++) {
      const url = paths[i % paths.length];
      result.sent++;
      try {
        const status = await get(agent, url, url === '/api/user' ? { Authorization: `Token ${token}` } : {});
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
        result[status >= 200 && status < 300 ? '2xx' : 'non2xx']++;
      } catch (error) {
        result.errors++;
        result.errorMessages.push(error.code ?? error.message);
      }
    }
    agent.destroy();
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => client(n)));
  return result;
}

function summarize(name, result, extra = {}) {
  const row = {
    scenario: name,
    requests: result.sent,
    '2xx': result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    ...extra,
  };
  figures.push(row);
  return row;
}

async function scenarioReload(token, slug) {
  const before = workers();
  // Load from 2 s before the reload until 2 s after it has replaced the last worker.
  const reload = sleep(2000)
    .then(() => pm2Async('reload', APP))
    .then(() => sleep(2000));
  const load = readLoad(token, slug, reload);
  await reload;
  const result = await load;
  const after = workers();
  const row = summarize('pm2 reload under load', result, {
    restarts: after.reduce((sum, w) => sum + w.restarts, 0) - before.reduce((sum, w) => sum + w.restarts, 0),
  });
  check(row.restarts === WORKERS, `pm2 reload replaced all ${WORKERS} workers`);
  check(
    after.every((w) => w.status === 'online') && after.every((w) => !before.some((b) => b.pid === w.pid)),
    'every worker is a new, online process',
  );
  check(
    result.errors === 0,
    `reload: zero failed requests (${row.requests} sent)${result.errors ? `: ${result.errorMessages.slice(0, 5).join(', ')}` : ''}`,
  );
  check(result.non2xx === 0, `reload: zero non-2xx responses (${JSON.stringify(result.statuses)})`);
}

async function scenarioKill(token, slug) {
  const before = workers();
  const victim = before[0];
  const load = readLoad(token, slug);
  await sleep(2000);
  process.kill(victim.pid, 'SIGKILL');
  const killedAt = Date.now();
  await waitFor('PM2 to restart the killed worker', () =>
    workers().some((w) => w.id === victim.id && w.pid !== victim.pid && w.status === 'online'),
  );
  const restartedAfterMs = Date.now() - killedAt;
  const result = await load;
  const after = workers();
  const failedRequests = result.errors + result.non2xx;
  const row = summarize('SIGKILL one worker under load', result, {
    failed: failedRequests,
    restartedAfterMs,
    restarts: after.find((w) => w.id === victim.id).restarts - victim.restarts,
  });
  check(row.restarts === 1, `PM2 restarted the killed worker (${restartedAfterMs} ms after the kill)`);
  check(
    result['2xx'] > 0 && after.every((w) => w.status === 'online'),
    'the service kept answering and both workers are online',
  );
  check(
    failedRequests <= CONNECTIONS,
    `at most the requests in flight on the killed worker failed: ${failedRequests} (bound: ${CONNECTIONS} connections)${failedRequests ? `: ${[...new Set(result.errorMessages)].join(', ')}` : ''}`,
  );
}

async function scenarioWrites(token) {
  const created = [];
  const failures = [];
  let stop = false;
  const writer = async (n) => {
    for (let i = 0; !stop; i++) {
      const title = `Reload write ${n}-${i} ${randomUUID()}`;
      try {
        const res = await api('POST', '/api/articles', {
          token,
          body: { article: { title, description: 'written across a reload', body: 'body', tagList: ['pm2'] } },
        });
        if (res.status === 201) {
          created.push(res.body.article.slug);
        } else {
          failures.push(`${res.status} ${JSON.stringify(res.body)}`);
        }
      } catch (error) {
        // fetch rejects with "fetch failed"; what happened on the socket is its cause.
        failures.push(`${error.message}${error.cause ? ` (${error.cause.code ?? error.cause.message})` : ''}`);
      }
    }
  };
  const writers = Array.from({ length: 8 }, (_, n) => writer(n));
  try {
    await sleep(1500);
    await pm2Async('reload', APP);
    await sleep(1500);
  } finally {
    stop = true;
    await Promise.all(writers);
  }

  const stored = await sql('SELECT slug FROM articles WHERE slug IN (?)', [created]);
  const missing = created.filter((slug) => !stored.some((row) => row.slug === slug));
  figures.push({
    scenario: 'writes across pm2 reload',
    requests: created.length + failures.length,
    '2xx': created.length,
    failed: failures.length,
    missing: missing.length,
  });
  check(created.length > 0, `${created.length} articles created during the reload`);
  check(missing.length === 0, 'every article that got a 201 is in the database');
  check(
    failures.length === 0,
    `no write failed during the reload${failures.length ? `: ${failures.slice(0, 3).join('; ')}` : ''}`,
  );
}

async function scenarioDatabaseDown(token) {
  const before = workers();
  await stopMariadb();
  log('private MariaDB stopped');
  const started = Date.now();
  const [health, live, tags, articles, login] = await Promise.all([
    api('GET', '/health'),
    api('GET', '/health/live'),
    api('GET', '/api/tags'),
    api('GET', '/api/articles'),
    api('POST', '/api/users/login', { body: { user: { email: 'nobody@example.com', password: 'whatever-password' } } }),
  ]);
  const answeredInMs = Date.now() - started;
  check(
    health.status === 503 && health.body.error?.database?.status === 'down',
    'database down: GET /health = 503 with database "down"',
  );
  check(live.status === 200, 'database down: GET /health/live = 200 (the process is fine)');
  for (const [name, res] of [
    ['GET /api/tags', tags],
    ['GET /api/articles', articles],
    ['POST /api/users/login', login],
  ]) {
    check(
      res.status === 503 && Array.isArray(res.body?.errors?.body) && res.headers.get('retry-after') === '5',
      `database down: ${name} = 503 in the API error shape with Retry-After`,
    );
  }
  check(answeredInMs < 5000, `database down: answers came in ${answeredInMs} ms (no hang)`);
  // Still down a few seconds later: nothing crashed or restarted.
  await sleep(2000);
  check((await api('GET', '/api/articles', { token })).status === 503, 'database still down: still 503');
  check(
    workers().every((w) => w.status === 'online' && before.some((b) => b.pid === w.pid)),
    'database down: no worker crashed or was restarted',
  );

  await startMariadb();
  log('private MariaDB started again');
  const restartedAt = Date.now();
  await waitFor(
    'the API to answer again',
    async () => (await api('GET', '/api/articles', { token })).status === 200,
    20000,
  );
  const recoveredInMs = Date.now() - restartedAt;
  await waitFor('GET /health = 200', async () => (await api('GET', '/health')).status === 200, 10000);
  for (let i = 0; i < 10; i++) {
    const res = await api('GET', '/api/articles', { token });
    check(i > 0 || res.status === 200, 'database back: requests succeed again');
    if (res.status !== 200) {
      throw new Error(`FAILED: request ${i} after recovery answered ${res.status}`);
    }
  }
  check(
    workers().every((w) => before.some((b) => b.pid === w.pid)),
    `recovered without a restart, ${recoveredInMs} ms after the database came back`,
  );
  figures.push({ scenario: 'database stopped and started', failed: 0, restarts: 0, recoveredInMs });
}

async function scenarioSharedRateLimit() {
  const email = `limited-${randomUUID()}@example.com`;
  const statuses = [];
  for (let i = 0; i < 8; i++) {
    const res = await api('POST', '/api/users/login', { body: { user: { email, password: 'wrong-password' } } });
    statuses.push(res.status);
  }
  const pids = new Set(workers().map((w) => w.pid));
  check(
    statuses.slice(0, 5).every((status) => status === 401) && statuses.slice(5).every((status) => status === 429),
    `login limit of 5 per email holds across ${pids.size} workers through Redis: ${statuses.join(' ')}`,
  );
}

async function checkMetricsAndLogs() {
  const res = await fetch(`${baseUrl}/metrics`);
  const text = await res.text();
  const reporting = Number(/^metrics_scrape_workers (\d+)$/m.exec(text)?.[1]);
  check(
    res.status === 200 && reporting === WORKERS,
    `GET /metrics covers all ${WORKERS} workers (metrics_scrape_workers ${reporting})`,
  );
  const total = [...text.matchAll(/^http_requests_total\{[^}]*\} (\d+)$/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
  check(total > 0, `cluster-wide http_requests_total = ${total}`);

  const outFile = path.join(serverEnv.PM2_LOG_DIR, 'conduit-api.out.log');
  check(existsSync(outFile), `merged log file ${path.relative(work, outFile)}`);
  const lines = readFileSync(outFile, 'utf8').split('\n').filter(Boolean);
  const parsed = lines.map((line) => {
    try {
      return JSON.parse(line);
    } catch {
      return undefined;
    }
  });
  check(parsed.every(Boolean), `all ${lines.length} log lines are JSON`);
  check(
    parsed.some(
      (line) =>
        line.requestId && line.route && line.res?.statusCode && typeof line.durationMs === 'number' && line.time,
    ),
    'request lines carry requestId, route, status, duration and time',
  );
  check(
    !lines.some((line) => /authorization|"password"|Token ey/i.test(line)),
    'no token, password or Authorization header in the logs',
  );
  check(
    new Set(parsed.map((line) => line.pid)).size > WORKERS,
    'the file merges the output of every worker, old and new',
  );
}

async function cleanup() {
  if (serverEnv?.REDIS_KEY_PREFIX) {
    // The run's rate-limit counters: expire within a minute anyway; removed now.
    spawnSync('sh', ['-c', `redis-cli --scan --pattern '${serverEnv.REDIS_KEY_PREFIX}*' | xargs -r redis-cli del`], {
      stdio: 'ignore',
    });
  }
  if (serverEnv) {
    spawnSync(process.execPath, [pm2Bin, 'kill'], {
      cwd: root,
      env: { ...process.env, ...serverEnv },
      stdio: 'ignore',
    });
  }
  await stopMariadb().catch(() => undefined);
  if (failed) {
    // The server's own lines (startup, drain, shutdown, errors), without the per-request ones.
    const out = path.join(work, 'logs/conduit-api.out.log');
    if (existsSync(out)) {
      console.log(
        readFileSync(out, 'utf8')
          .split('\n')
          .filter((line) => !line.includes('"requestId"'))
          .slice(-40)
          .join('\n'),
      );
    }
    for (const file of [path.join(mariadb.dir, 'err.log'), path.join(work, 'logs/conduit-api.error.log')]) {
      if (existsSync(file)) {
        log(`--- ${file} (tail)`);
        console.log(readFileSync(file, 'utf8').split('\n').slice(-30).join('\n'));
      }
    }
  }
  rmSync(work, { recursive: true, force: true });
}

async function main() {
  if (!existsSync(path.join(root, 'dist/main.js'))) {
    run('npm', ['run', 'build']);
  }
  await startMariadb();
  const admin = await mariadb.connect();
  await admin.query(`CREATE DATABASE \`${db.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  run(
    process.execPath,
    ['node_modules/typeorm/cli.js', 'migration:run', '-d', 'dist/database/data-source.js'],
    mariadb.env(db.name),
  );
  log(`private MariaDB on 127.0.0.1:${mariadb.port}, migrated`);

  await startCluster();
  log(`PM2 cluster of ${WORKERS} workers on ${baseUrl} (PM2_HOME ${serverEnv.PM2_HOME})`);

  const user = {
    username: `pm2-${randomUUID().slice(0, 8)}`,
    email: `${randomUUID()}@example.com`,
    password: 'pm2-test-password',
  };
  const registered = await api('POST', '/api/users', { body: { user } });
  check(registered.status === 201, 'registered a user');
  const token = registered.body.user.token;
  const article = await api('POST', '/api/articles', {
    token,
    body: { article: { title: 'Under load', description: 'read during the tests', body: 'text', tagList: ['pm2'] } },
  });
  const slug = article.body.article.slug;

  await scenarioReload(token, slug);
  await scenarioKill(token, slug);
  await scenarioWrites(token);
  await scenarioDatabaseDown(token);
  await scenarioSharedRateLimit();
  await checkMetricsAndLogs();
}

const started = Date.now();
try {
  await main();
} catch (error) {
  failed = true;
  console.error(error.stack ?? error);
} finally {
  await cleanup();
}
console.log('\n[test:pm2] figures');
console.table(figures);
console.log(`[test:pm2] ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
