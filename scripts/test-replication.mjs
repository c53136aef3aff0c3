#!/usr/bin/env node
// `npm run test:replication`: reads on a MariaDB replica, proven on a private primary + replica pair
// (GTID replication, own data dirs, ports and temp dirs; the machine's shared server is never touched):
//   1. the API's e2e suites run with DB_READ_HOSTS set, and the servers' own statement counters
//      (Com_select, Com_insert, ...) show that reads reached the replica and every write the primary;
//   2. lag: with the replica's SQL thread stopped, a user who writes reads their own write at once;
//      anyone else's reads are at most DB_READ_MAX_LAG_S (+ one check interval) stale, then fall back
//      to the primary; when the thread resumes, reads return to the replica;
//   3. the replica SIGKILLed under steady read load: failed requests are counted (at most those in
//      flight on the dead connections), reads move to the primary, and return to the replica once it
//      is restarted, without restarting the server.
// The built server runs as a child process for 2 and 3. Everything is stopped by process id and the
// temporary folder deleted at the end. Redis is the machine's, under a key prefix of this run's own.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { apiRequest, scriptTest } from './lib/script-test.mjs';
import { freePort } from './lib/private-mariadb.mjs';
import { READER, ReplicationPair } from './lib/replication-pair.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The e2e suites that exercise the API; the others test one database's plans, logs, or operations. */
const API_SUITES = [
  'articles',
  'auth',
  'comments',
  'concurrency',
  'conduit-scenario',
  'errors',
  'profiles',
  'query-count',
  'security',
  'tags',
  'users',
].map((name) => `test/e2e/${name}.e2e-spec.ts`);
const MAX_LAG_S = 2;
const CHECK_INTERVAL_MS = 250;
const CONNECTIONS = 16;

const work = mkdtempSync(path.join(tmpdir(), 'conduit-replication-'));
const pair = new ReplicationPair(path.join(work, 'db'));
const redisPrefix = `conduit-replication-test-${randomUUID().slice(0, 8)}:`;
const figures = {};
let server;
let baseUrl;

const difference = (after, before) => Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));

const { log, check, waitFor } = scriptTest('test:replication');

function databaseEnv(database) {
  return {
    ...pair.primary.env(database),
    DB_READ_HOSTS: `127.0.0.1:${pair.replica.port}`,
    DB_READ_USER: READER.user,
    DB_READ_PASSWORD: READER.password,
    DB_READ_MAX_LAG_S: String(MAX_LAG_S),
    DB_READ_CHECK_INTERVAL_MS: String(CHECK_INTERVAL_MS),
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: redisPrefix,
  };
}

// --- 1. The e2e suites with reads on the replica -------------------------------------------------
async function e2eOnReplica() {
  const before = {
    primary: await ReplicationPair.counters(pair.primary),
    reader: await ReplicationPair.userStatistics(pair.replica, READER.user),
  };
  const started = Date.now();
  const jest = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/jest/bin/jest.js'), '--selectProjects', 'e2e', '--runInBand', ...API_SUITES],
    {
      cwd: root,
      stdio: 'inherit',
      // The e2e global setup creates and migrates its own database on the primary (DB_HOST:DB_PORT).
      // Checks once per app start only (a long interval), so the replica's SELECT count is the reads;
      // the replica is kept caught up by E2E_REPLICA_SYNC, its lag is tested below.
      env: {
        ...process.env,
        ...databaseEnv('unused'),
        DB_READ_CHECK_INTERVAL_MS: '60000',
        DB_READ_MAX_LAG_S: '3600',
        E2E_REPLICA_SYNC: 'true',
      },
    },
  );
  check(jest.status === 0, `the API's e2e suites pass with reads on the replica (${API_SUITES.length} files)`);
  const primary = difference(await ReplicationPair.counters(pair.primary), before.primary);
  const reader = difference(await ReplicationPair.userStatistics(pair.replica, READER.user), before.reader);
  figures.e2e = { seconds: Math.round((Date.now() - started) / 1000), primary, replicaReader: reader };
  log(`statements on the primary (Com_*): ${JSON.stringify(primary)}`);
  log(`statements by the app's reader user on the replica (USER_STATISTICS): ${JSON.stringify(reader)}`);
  // Each app start's lag check is one SELECT too: far fewer than the suites' test apps' reads.
  check(reader.selects > 150, `reads reached the replica (${reader.selects} SELECTs by ${READER.user})`);
  check(
    reader.writes === 0,
    `no write reached the replica (${reader.writes}; its user may only SELECT, so a write sent there would have failed the suites)`,
  );
  check(primary.insert > 0 && primary.update > 0 && primary.delete > 0, 'every kind of write reached the primary');
}

// --- The built server ---------------------------------------------------------------------------
async function startServer(database) {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [path.join(root, 'dist/main.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      ...databaseEnv(database),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      JWT_SECRET: randomUUID() + randomUUID(),
      DB_MIGRATIONS_RUN: 'true',
      LOG_LEVEL: 'error',
      RATE_LIMIT_ENABLED: 'false',
    },
  });
  await waitFor('GET /health = 200', async () => {
    if (server.exitCode !== null) {
      throw new Error(`the server exited with status ${server.exitCode}`);
    }
    return (await fetch(`${baseUrl}/health`)).status === 200;
  });
}

const api = (method, url, options) => apiRequest(baseUrl, method, url, options);

const replicaName = () => `127.0.0.1:${pair.replica.port}`;
const replicaReads = () => metric('db_reads_total', { target: replicaName(), reason: 'replica' });

async function replicaHealth() {
  const { body } = await api('GET', '/health');
  return Object.values(body.details.replicas).find((value) => typeof value === 'object');
}

async function metric(name, labels) {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && wanted.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

async function register(name) {
  const { status, body } = await api('POST', '/api/users', {
    body: { user: { username: name, email: `${name}@example.com`, password: 'password-123' } },
  });
  if (status !== 201) {
    throw new Error(`registration of ${name} answered ${status}`);
  }
  return body.user.token;
}

// --- 2. Lag: read-your-writes, and the bound for everyone else -----------------------------------
async function lag() {
  const token = await register('writer');
  await pair.waitForReplica();
  await waitFor('the replica in rotation', async () => (await replicaHealth()).inRotation);

  await pair.sqlThread('stop');
  const writtenAt = Date.now();
  const created = await api('POST', '/api/articles', {
    token,
    body: { article: { title: 'Written while the replica lags', description: 'd', body: 'b', tagList: ['lag'] } },
  });
  check(created.status === 201, 'an article is created while the replica lags');
  const { slug } = created.body.article;
  const updated = await api('PUT', '/api/user', { token, body: { user: { bio: 'written while the replica lags' } } });
  check(updated.status === 200, 'a profile is updated while the replica lags');
  const writeReads = await metric('db_reads_total', { target: 'primary', reason: 'write_request' });
  check(writeReads > 0, `the reads of write requests went to the primary (${writeReads})`);

  const ownReadsBefore = await metric('db_reads_total', { target: 'primary', reason: 'read_your_writes' });
  const own = await Promise.all([
    api('GET', `/api/articles/${slug}`, { token }),
    api('GET', '/api/user', { token }),
    api('GET', '/api/profiles/writer', { token }),
    api('GET', '/api/articles?author=writer', { token }),
  ]);
  check(own[0].status === 200, 'the writer reads their new article at once');
  check(own[1].body.user.bio === 'written while the replica lags', 'the writer reads their new bio at once');
  check(own[2].body.profile.bio === 'written while the replica lags', 'the writer’s profile shows the new bio');
  check(own[3].body.articlesCount === 1, 'the writer’s article list includes the new article');
  const newcomer = await register('newcomer');
  const [me, login] = await Promise.all([
    api('GET', '/api/user', { token: newcomer }),
    api('POST', '/api/users/login', { body: { user: { email: 'newcomer@example.com', password: 'password-123' } } }),
  ]);
  check(me.status === 200, 'a user registered while the replica lags reads their account with the new token at once');
  check(login.status === 200, 'and can log in at once (a login reads from the primary)');
  const ownReads = (await metric('db_reads_total', { target: 'primary', reason: 'read_your_writes' })) - ownReadsBefore;
  check(ownReads > 0, `the writer’s reads went to the primary (read-your-writes: ${ownReads} reads)`);

  // Anyone else: stale for at most the bound plus one check interval, then the primary answers.
  let staleFor;
  await waitFor(
    'an anonymous read of the new article',
    async () => {
      const { status } = await api('GET', `/api/articles/${slug}`);
      staleFor = Date.now() - writtenAt;
      return status === 200;
    },
    20000,
  );
  const bound = MAX_LAG_S * 1000 + CHECK_INTERVAL_MS + 500;
  figures.lag = { anonymousStaleMs: staleFor, boundMs: bound };
  check(staleFor <= bound, `anonymous readers saw the new article after ${staleFor} ms (bound ${bound} ms)`);
  const health = await replicaHealth();
  check(
    !health.inRotation && health.lagSeconds > MAX_LAG_S,
    `/health shows the replica out of rotation (lag ${health.lagSeconds} s)`,
  );
  const fallbacks = await metric('db_read_fallbacks_total', { reason: 'no_replica_in_rotation' });
  check(fallbacks > 0, `/metrics counts reads that fell back to the primary (${fallbacks})`);

  await pair.sqlThread('start');
  await waitFor('the replica back in rotation', async () => (await replicaHealth()).inRotation);
  const before = await replicaReads();
  await api('GET', `/api/articles/${slug}`);
  const after = await replicaReads();
  check(after > before, `caught up, reads return to the replica (${after - before} reads)`);
  return slug;
}

// --- 3. The replica killed under load ------------------------------------------------------------
/** One GET on a keep-alive agent: resolves with the status, rejects on a socket error or timeout. */
function get(agent, url) {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${baseUrl}${url}`, { agent, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function kill(slug) {
  const paths = ['/api/articles?limit=10', `/api/articles/${slug}`, '/api/tags', '/api/profiles/writer'];
  const result = { sent: 0, ok: 0, failed: 0, afterRestart: { sent: 0, failed: 0 }, statuses: {} };
  let phase = 'before';
  let stop = false;
  const client = async (n) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = n; !stop; i++) {
      const current = phase;
      result.sent++;
      let status;
      try {
        status = await get(agent, paths[i % paths.length]);
      } catch (error) {
        status = error.code ?? error.message;
      }
      result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      const ok = typeof status === 'number' && status < 300;
      result[ok ? 'ok' : 'failed']++;
      if (current === 'restarted') {
        result.afterRestart.sent++;
        result.afterRestart.failed += ok ? 0 : 1;
      }
    }
    agent.destroy();
  };
  const load = Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => client(n)));

  await sleep(2000);
  const fallbacksBefore = await metric('db_read_fallbacks_total', {});
  process.kill(pair.replica.process.pid, 'SIGKILL');
  const killedAt = Date.now();
  await waitFor('/health to show the replica down', async () => !(await replicaHealth()).up, 10000);
  const detectedMs = Date.now() - killedAt;
  await sleep(2000);
  const primaryBefore = await ReplicationPair.counters(pair.primary);
  await sleep(1000);
  const primaryDuring = difference(await ReplicationPair.counters(pair.primary), primaryBefore);
  const fallbacks = (await metric('db_read_fallbacks_total', {})) - fallbacksBefore;

  await pair.replica.start();
  await waitFor('the restarted replica back in rotation', async () => (await replicaHealth()).inRotation, 30000);
  const back = Date.now() - killedAt;
  phase = 'restarted';
  const replicaBefore = await replicaReads();
  await sleep(2000);
  const replicaAfter = (await replicaReads()) - replicaBefore;
  stop = true;
  await load;

  figures.kill = {
    requests: result.sent,
    failed: result.failed,
    statuses: result.statuses,
    detectedMs,
    primarySelectsPerSecondWhileDown: primaryDuring.select,
    fallbacks,
    backInRotationMs: back,
    replicaReadsAfterRestart: replicaAfter,
  };
  log(`replica killed under load: ${JSON.stringify(figures.kill)}`);
  check(
    result.failed <= CONNECTIONS,
    `failed requests (${result.failed} of ${result.sent}) at most those in flight at the kill (${CONNECTIONS})`,
  );
  check(fallbacks > 0 && primaryDuring.select > 0, `reads moved to the primary (${fallbacks} fallbacks)`);
  check(result.afterRestart.failed === 0, `no failure after the restart (${result.afterRestart.sent} requests)`);
  check(replicaAfter > 0, `reads returned to the restarted replica (${replicaAfter} reads in 2 s)`);
}

async function cleanup() {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, sleep(10000).then(() => server.kill('SIGKILL'))]);
  }
  await pair.stop().catch((error) => log(`could not stop MariaDB: ${error.message}`));
  rmSync(work, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}

let failed = false;
try {
  await pair.start();
  log(`primary on port ${pair.primary.port}, replica on port ${pair.replica.port} (GTID replication)`);
  await e2eOnReplica();
  const database = 'conduit_replication';
  const primary = await pair.primary.connect();
  await primary.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await primary.end();
  await startServer(database);
  const slug = await lag();
  await kill(slug);
  log(`figures: ${JSON.stringify(figures)}`);
} catch (error) {
  failed = true;
  console.error(`[test:replication] ${error.stack ?? error.message}`);
} finally {
  await cleanup();
}
process.exit(failed ? 1 : 0);
