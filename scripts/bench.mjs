#!/usr/bin/env node
// `npm run bench -- [--scale small|large|both] [--cluster] [--duration 10] [--connections 64]
//  [--scenarios a,b,c] [--cpu-prof DIR]`
//
// Starts the built server (one process, or a PM2 cluster over all cores with --cluster) on a
// private MariaDB seeded with the chosen dataset (scripts/bench/database.mjs; seeded once, reused),
// and a bare NestJS app with one route as the baseline; drives each scenario with autocannon from a
// separate process on loopback; prints and saves requests/s, p50, p90, p99 and errors
// (bench/results/<time>-<scale>-<mode>.json and .md), and checks the targets of docs/performance.md.
import { fork, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { benchDatabase, databaseName, prepare, restore, root } from './bench/database.mjs';
import { freePort } from './lib/private-mariadb.mjs';
import { SEED_PASSWORD } from './seed.mjs';

const require = createRequire(import.meta.url);
const jwt = require('jsonwebtoken');

const READS = [
  'articles',
  'by-tag',
  'by-author',
  'by-favorited',
  'deep-page',
  'feed',
  'article',
  'comments',
  'profile',
  'tags',
];
const WRITES = ['create-article', 'favorite'];
const ALL = ['bare', 'health', ...READS, 'login', ...WRITES];

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    cluster: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    scenarios: { type: 'string', default: ALL.join(',') },
    // One process only: the server runs with `node --cpu-prof` and writes a .cpuprofile there when it stops.
    'cpu-prof': { type: 'string' },
  },
});
if (args['cpu-prof'] && args.cluster) {
  throw new Error('--cpu-prof profiles the one-process server: leave out --cluster');
}
const scales = args.scale === 'both' ? ['small', 'large'] : [args.scale];
const duration = Number(args.duration);
const connections = Number(args.connections);
const scenarios = args.scenarios.split(',').filter(Boolean);
const unknown = scenarios.filter((name) => !ALL.includes(name));
if (unknown.length > 0) {
  throw new Error(`unknown scenario ${unknown.join(', ')}: the scenarios are ${ALL.join(', ')}`);
}
const JWT_SECRET = `bench-${randomUUID()}-${randomUUID()}`;
/** Tokens are signed as the server signs them, key id included (read from the build in main()). */
let JWT_KEY_ID;
const children = [];

function log(message) {
  console.log(`[bench] ${message}`);
}

async function waitForHttp(url, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
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

/** The server under test: `node dist/main.js`, or PM2 cluster mode with a private PM2_HOME. */
async function startServer(env, cluster) {
  const port = await freePort();
  const serverEnv = {
    ...process.env,
    ...env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    JWT_SECRET,
    // Production defaults (a JSON line per request), except rate limits: every request comes from one address.
    LOG_LEVEL: 'info',
    RATE_LIMIT_ENABLED: 'false',
    DB_POOL_SIZE: '20',
  };
  if (!cluster) {
    const profile = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args['cpu-prof'])}`] : [];
    const child = spawn(process.execPath, [...profile, 'dist/main.js'], {
      cwd: root,
      env: serverEnv,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    await waitForHttp(`http://127.0.0.1:${port}/health`);
    return { url: `http://127.0.0.1:${port}`, pids: () => withChildren([child.pid]), stop: () => stopChild(child) };
  }
  const pm2Home = mkdtempSync(path.join(tmpdir(), 'conduit-bench-pm2-'));
  const pm2 = (...pm2Args) =>
    spawnSync(process.execPath, ['node_modules/pm2/bin/pm2', ...pm2Args], {
      cwd: root,
      env: { ...serverEnv, PM2_HOME: pm2Home, PM2_APP_NAME: 'conduit-bench', PM2_LOG_DIR: pm2Home },
      encoding: 'utf8',
    });
  pm2('start', 'ecosystem.config.js', '--env', 'production');
  await waitForHttp(`http://127.0.0.1:${port}/health`);
  await sleep(3000); // every worker ready
  // The workers and PM2's daemon (which carries their log lines): all the server's CPU. Read afresh
  // for each scenario, so a worker PM2 restarted is counted.
  const daemon = Number(readFileSync(path.join(pm2Home, 'pm2.pid'), 'utf8'));
  return {
    url: `http://127.0.0.1:${port}`,
    pids: () => [...withChildren(JSON.parse(pm2('jlist').stdout).map((app) => app.pid)), daemon],
    stop: async () => {
      pm2('kill');
      rmSync(pm2Home, { recursive: true, force: true });
    },
  };
}

async function startBare() {
  const port = await freePort();
  const child = fork(path.join(root, 'scripts/bench/bare-app.mjs'), {
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  });
  children.push(child);
  await waitForHttp(`http://127.0.0.1:${port}/ping`);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopChild(child) };
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return Promise.race([exited, sleep(15000).then(() => child.kill('SIGKILL'))]);
}

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat; 0 once it is gone. */
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return 0;
  }
}

const cpuOf = (pids) => pids.reduce((total, pid) => total + cpuMs(pid), 0);

/** The processes and their children (a server's password-hashing process), from /proc. */
function withChildren(pids) {
  return pids.flatMap((pid) => {
    try {
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
      return [pid, ...children.map(Number)];
    } catch {
      return [pid];
    }
  });
}

/**
 * Waits until the server and MariaDB are idle (under 10% of a core over half a second; at most three
 * times a scenario's duration, 30 s at most, so a 1 s CI run stays short): a scenario
 * must not pay for its predecessor's tail, such as the argon2 hashes still queued when a login
 * flood's clients stop, or InnoDB's purge after the writes.
 */
async function settle(usedMs, timeoutMs = Math.min(30000, duration * 3000)) {
  const deadline = Date.now() + timeoutMs;
  let last = usedMs();
  while (Date.now() < deadline) {
    await sleep(500);
    const now = usedMs();
    // A drop means a process went away (a restarted worker): not idle, look again.
    if (now >= last && now - last < 50) {
      return;
    }
    last = now;
  }
  log(`the server and MariaDB were still busy after ${timeoutMs / 1000} s; measuring anyway`);
}

/**
 * Runs a scenario and adds where its CPU went, per request: the server (every worker, and PM2's
 * daemon in cluster mode), MariaDB, and the load generator. On one machine they share the cores, so
 * these say what a request costs each of them and why a ratio to /health/live is what it is.
 */
async function measured(url, scenario, data, pids) {
  const server = pids.server();
  await settle(() => cpuOf([...server, ...pids.db]));
  const before = { server: cpuOf(server), db: cpuOf(pids.db) };
  const result = await load(url, scenario, data);
  const requests = Math.max(result.requests, 1);
  const perRequest = (ms) => Number((ms / requests).toFixed(3));
  return {
    ...result,
    cpuMsPerRequest: {
      server: perRequest(cpuOf(server) - before.server),
      db: perRequest(cpuOf(pids.db) - before.db),
      load: perRequest(result.loadCpuMs),
    },
  };
}

/** Runs one scenario in its own process (scripts/bench/load.mjs) and returns its figures. */
function load(url, scenario, data, options = {}) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(root, 'scripts/bench/load.mjs'), { stdio: 'inherit' });
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator for ${scenario} exited ${code}`)));
    child.send({
      url,
      scenario,
      data,
      connections: options.connections ?? connections,
      duration: options.duration ?? duration,
    });
  });
}

/** The light load beside the login flood: requests/s, evenly spaced (scripts/bench/probe.mjs). */
const PROBE_RATE = 200;

/** Requests `urlPath` at PROBE_RATE for the scenario duration, in its own process; returns its latencies. */
function probe(url, urlPath) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(root, 'scripts/bench/probe.mjs'), { stdio: 'inherit' });
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`probe of ${urlPath} exited ${code}`)));
    child.send({ url, path: urlPath, rate: PROBE_RATE, duration });
  });
}

/** The server's password_hash_fallbacks_total (every PM2 worker's, in cluster mode). */
async function hashFallbacks(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^password_hash_fallbacks_total (\d+)/m.exec(text)?.[1] ?? 0);
}

/** What the scenarios need from the seeded data: the long tail's heads, a feed reader, tokens. */
async function fixtures(mariadb, scale) {
  const connection = await mariadb.connect(databaseName(scale));
  const one = async (sql) => (await connection.query(sql))[0][0];
  try {
    const tag = await one('SELECT name FROM tags ORDER BY articles_count DESC LIMIT 1');
    const author = await one('SELECT id, username, articles_count FROM users ORDER BY articles_count DESC LIMIT 1');
    const favoriter = await one(
      'SELECT id, username, favorites_count FROM users ORDER BY favorites_count DESC LIMIT 1',
    );
    const busy = await one(
      'SELECT article_id, COUNT(*) AS n FROM comments GROUP BY article_id ORDER BY n DESC LIMIT 1',
    );
    const busySlug = await one(`SELECT slug FROM articles WHERE id = ${Number(busy.article_id)}`);
    const reader = await one(
      'SELECT follower_id AS id, COUNT(*) AS n FROM follows GROUP BY follower_id ORDER BY ABS(COUNT(*) - 500) LIMIT 1',
    );
    const readerName = await one(`SELECT username FROM users WHERE id = ${Number(reader.id)}`);
    const [slugRows] = await connection.query('SELECT slug FROM articles ORDER BY id DESC LIMIT 2000');
    const [userRows] = await connection.query('SELECT id, username, email FROM users ORDER BY id DESC LIMIT 200');
    const sign = (user) =>
      jwt.sign({ username: user.username }, JWT_SECRET, {
        algorithm: 'HS256',
        subject: String(user.id),
        issuer: 'conduit-api',
        audience: 'conduit',
        expiresIn: 3600,
        keyid: JWT_KEY_ID,
      });
    return {
      data: {
        tag: tag.name,
        author: author.username,
        favoriter: favoriter.username,
        busySlug: busySlug.slug,
        feedToken: sign({ id: reader.id, username: readerName.username }),
        slugs: slugRows.map((row) => row.slug),
        tokens: userRows.map(sign),
        emails: userRows.map((row) => row.email),
        password: SEED_PASSWORD,
      },
      described: {
        tag: `${tag.name}`,
        author: `${author.username} (${author.articles_count} articles)`,
        favoriter: `${favoriter.username} (${favoriter.favorites_count} favorites)`,
        busyArticle: `${busySlug.slug} (${busy.n} comments)`,
        feedReader: `${readerName.username} (follows ${reader.n})`,
      },
    };
  } finally {
    await connection.end();
  }
}

const cpuColumn = (cpu) => [cpu.server, cpu.db, cpu.load].map((ms) => ms.toFixed(2)).join(' · ');

function markdown(title, rows) {
  const lines = [
    `### ${title}`,
    '',
    '| Scenario | Requests/s | p50 ms | p90 ms | p99 ms | Errors | CPU ms per request: server · MariaDB · load |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${Math.round(r.rps)} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.errors} | ${cpuColumn(r.cpuMsPerRequest)} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** The targets of issue #6, on one run's figures (ratios, since the machine is shared and noisy). */
function checkTargets(rows, loginFlood) {
  const by = Object.fromEntries(rows.map((r) => [r.scenario, r]));
  const checks = [];
  if (by.bare && by.health) {
    checks.push([`health ≥ 70% of bare NestJS`, by.health.rps / by.bare.rps, by.health.rps / by.bare.rps >= 0.7]);
  }
  for (const name of READS.filter((n) => by[n] && by.health)) {
    const ratio = by[name].rps / by.health.rps;
    checks.push([
      `${name} ≥ 35% of health, p99 < 50 ms (p99 ${by[name].p99})`,
      ratio,
      ratio >= 0.35 && by[name].p99 < 50,
    ]);
  }
  for (const name of WRITES.filter((n) => by[n] && by.health)) {
    const ratio = by[name].rps / by.health.rps;
    checks.push([`${name} ≥ 25% of health`, ratio, ratio >= 0.25]);
  }
  if (loginFlood) {
    checks.push([
      `tags p99 < 20 ms during a login flood (p99 ${loginFlood.tags.p99})`,
      loginFlood.tags.p99,
      loginFlood.tags.p99 < 20,
    ]);
  }
  return checks.map(([target, value, met]) => ({ target, value: Number(value.toFixed(2)), met }));
}

async function runScale(mariadb, scale) {
  await prepare(mariadb, scale);
  const { data, described } = await fixtures(mariadb, scale);
  const mode = args.cluster ? `pm2-cluster-${availableParallelism()}` : 'single';
  log(`${scale} dataset, ${mode}; fixtures: ${JSON.stringify(described)}`);
  const server = await startServer(mariadb.env(databaseName(scale)), args.cluster);
  const bare = scenarios.includes('bare') ? await startBare() : undefined;
  const rows = [];
  let loginFlood;
  let loginUnderReads;
  try {
    for (const scenario of scenarios) {
      const url = scenario === 'bare' ? bare.url : server.url;
      const pids = { server: scenario === 'bare' ? () => [bare.pid] : server.pids, db: [mariadb.process.pid] };
      const result = await measured(url, scenario, data, pids);
      rows.push({ scenario, ...result });
      log(
        `${scenario.padEnd(15)} ${String(Math.round(result.rps)).padStart(6)} req/s  p50 ${result.p50} ms  p90 ${result.p90} ms  p99 ${result.p99} ms  errors ${result.errors}  CPU ms/request ${cpuColumn(result.cpuMsPerRequest)}`,
      );
      if (scenario === 'login') {
        // The same login flood again, with a light, steady read load beside it: hashing must not
        // stall the loop. The light load alone first, so what the flood adds to its latency shows.
        const busy = [...pids.server(), ...pids.db];
        await settle(() => cpuOf(busy));
        const alone = await probe(server.url, '/api/tags');
        await settle(() => cpuOf(busy));
        const [flood, tags] = await Promise.all([load(server.url, 'login', data), probe(server.url, '/api/tags')]);
        loginFlood = { login: flood, tags, tagsAlone: alone };
        log(
          `login flood     tags p50 ${tags.p50} ms p99 ${tags.p99} ms during ${Math.round(flood.rps)} logins/s (alone: p50 ${alone.p50} ms, p99 ${alone.p99} ms)`,
        );
        // The other way round: a few logins while reads keep every core busy. Low-priority hashing
        // gets no CPU time then, and sign-ins must still be answered (by the fallback process).
        await settle(() => cpuOf(busy));
        const fallbacksBefore = await hashFallbacks(server.url);
        const [reads, logins] = await Promise.all([
          load(server.url, 'articles', data),
          load(server.url, 'login', data, { connections: 4 }),
        ]);
        loginUnderReads = { reads, logins, fallbacks: (await hashFallbacks(server.url)) - fallbacksBefore };
        log(
          `logins + reads  ${Math.round(logins.rps)} logins/s p50 ${logins.p50} ms p99 ${logins.p99} ms errors ${logins.errors} (${loginUnderReads.fallbacks} hashed by the fallback) beside ${Math.round(reads.rps)} reads/s p99 ${reads.p99} ms`,
        );
      }
    }
  } finally {
    await bare?.stop();
    await server.stop();
  }
  log(`removed the ${await restore(mariadb, scale)} articles and the favorites the run wrote; counters checked`);
  const targets = checkTargets(rows, loginFlood);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`;
  const report = {
    scale,
    mode,
    duration,
    connections,
    machine,
    fixtures: described,
    results: rows,
    loginFlood,
    loginUnderReads,
    targets,
  };
  const base = path.join(dir, `${stamp}-${scale}-${mode}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  const title = `${scale} dataset, ${mode}, ${connections} connections, ${duration} s per scenario (${machine})`;
  const md = [
    markdown(title, rows),
    loginFlood
      ? `\nGET /api/tags at ${PROBE_RATE} requests/s during a login flood (${Math.round(loginFlood.login.rps)} logins/s): p50 ${loginFlood.tags.p50} ms, p99 ${loginFlood.tags.p99} ms; without the flood: p50 ${loginFlood.tagsAlone.p50} ms, p99 ${loginFlood.tagsAlone.p99} ms.\n`
      : '',
    loginUnderReads
      ? `\nLogins (4 connections) beside a read flood (GET /api/articles, ${connections} connections): ${Math.round(loginUnderReads.logins.rps)} logins/s, p50 ${loginUnderReads.logins.p50} ms, p99 ${loginUnderReads.logins.p99} ms, ${loginUnderReads.logins.errors} errors, ${loginUnderReads.fallbacks} hashed by the normal-priority fallback; reads ${Math.round(loginUnderReads.reads.rps)} req/s, p99 ${loginUnderReads.reads.p99} ms.\n`
      : '',
    '\n| Target | Value | Met |\n| --- | ---: | --- |\n',
    ...targets.map((t) => `| ${t.target} | ${t.value} | ${t.met ? 'yes' : '**no**'} |\n`),
  ].join('');
  writeFileSync(`${base}.md`, md);
  console.log(`\n${md}`);
  log(`saved ${path.relative(root, base)}.json and .md`);
  return report;
}

async function main() {
  spawnSync(process.execPath, ['scripts/build-if-needed.mjs'], { cwd: root, stdio: 'inherit' });
  JWT_KEY_ID = require(path.join(root, 'dist/config/jwt.config.js')).keyId(JWT_SECRET);
  const mariadb = benchDatabase();
  await mariadb.start();
  log(`private MariaDB on 127.0.0.1:${mariadb.port} (${path.relative(root, mariadb.dir)})`);
  try {
    for (const scale of scales) {
      await runScale(mariadb, scale);
    }
  } finally {
    await Promise.all(children.map(stopChild));
    await mariadb.stop();
  }
}

main().catch((error) => {
  console.error(error.stack ?? error);
  process.exit(1);
});
