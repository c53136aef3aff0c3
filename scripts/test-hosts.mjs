#!/usr/bin/env node
// `npm run test:hosts`: several app hosts behind a load balancer, on one machine. The test builds a
// small network of its own (a bridge, two network namespaces with a veth pair each, so every app
// instance has its own address), serves a private MariaDB and a private Redis on the bridge address,
// runs the built server once in each namespace, and puts nginx (Debian's package, unpacked into a
// temporary folder, never installed as a service) in front of them with deploy/nginx/conduit.conf,
// rendered with the test's upstream addresses (see the top of that file). Then:
//   a. a token issued by one instance is accepted by the other (same JWT_SECRET, stateless auth);
//   b. the per-email login limit holds across both instances (counters in the shared Redis);
//   c. through nginx, both instances receive requests (the access log's $upstream_addr), and the
//      request id is forwarded;
//   d. GET /api/tags throughput through nginx with both instances up, and with one (printed only:
//      two instances on two shared cores prove correctness, not speed);
//   e. one instance SIGKILLed under steady load through nginx: every request sent after the kill
//      succeeds (nginx passes requests on), and at most the requests in flight at the kill fail;
//   f. the other one killed too: nginx answers a prompt 503 in the API's error shape, not a 502 page.
// Everything it started is stopped by process id, and everything it created (namespaces, veths,
// bridge, temporary folder) is deleted at the end, also on failure, SIGINT and SIGTERM. Traffic goes
// only to loopback and to the addresses the test created. Needs root (network namespaces).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Agent, get as httpGet } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { apiRequest, scriptTest } from './lib/script-test.mjs';
import { freePort, PrivateMariadb } from './lib/private-mariadb.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NGINX_EXAMPLE = path.join(root, 'deploy/nginx/conduit.conf');
const APP_PORT = 3000;
const EMAIL_LIMIT = 5;
const CONNECTIONS = 16;
const BENCH_SECONDS = 3;
const LOAD_MS = 6000;
const KILL_AFTER_MS = 2000;
const WATCHDOG_MS = 5 * 60 * 1000;

const figures = [];
let failed = false;
/** Set on SIGINT/SIGTERM (or the watchdog): nothing new is started. */
let stopping = false;

const { log, check, waitFor } = scriptTest('test:hosts', { stopping: () => stopping });

function run(command, args, { env = {}, cwd = root } = {}) {
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() || result.error?.message;
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${output}`);
  }
  return result.stdout;
}

// --- What the test creates, recorded before it is created, so cleanup finds all of it -------------
const suffix = randomBytes(3).toString('hex').slice(0, 5);
const work = mkdtempSync(path.join(tmpdir(), 'conduit-hosts-'));
// nginx's workers run as nobody and write their temp files below it: let them through (not list).
chmodSync(work, 0o711);
const created = { bridge: undefined, links: [], namespaces: [] };
/** Processes started by the test: { name, child }. */
const processes = [];

const net = { n: 0, bridge: `cnbr${suffix}`, gateway: '' };
const hosts = ['a', 'b'].map((name, i) => ({
  name: name.toUpperCase(),
  ns: `conduit-${suffix}-${name}`,
  veth: `cnv${suffix}${name}`,
  peer: `cnp${suffix}${name}`,
  octet: 11 + i,
  address: '',
  url: '',
  child: undefined,
}));

// --- 1. The network: a bridge, and per host a namespace with a veth pair on that bridge ----------
function pickSubnet() {
  const inUse = ['-4 -o addr show', '-4 route show table all']
    .map((args) => spawnSync('ip', args.split(' '), { encoding: 'utf8' }).stdout ?? '')
    .join('\n');
  for (let attempt = 0; attempt < 200; attempt++) {
    const n = randomInt(2, 251);
    if (!new RegExp(`(^|[^\\d])10\\.200\\.${n}\\.`).test(inUse)) {
      return n;
    }
  }
  throw new Error('no free 10.200.N.0/24 found');
}

function createNetwork() {
  if (stopping) {
    throw new Error('not creating the network: the test is stopping');
  }
  net.n = pickSubnet();
  net.gateway = `10.200.${net.n}.1`;
  created.bridge = net.bridge;
  run('ip', ['link', 'add', net.bridge, 'type', 'bridge']);
  run('ip', ['addr', 'add', `${net.gateway}/24`, 'dev', net.bridge]);
  run('ip', ['link', 'set', net.bridge, 'up']);
  for (const host of hosts) {
    host.address = `10.200.${net.n}.${host.octet}`;
    host.url = `http://${host.address}:${APP_PORT}`;
    created.namespaces.push(host.ns);
    run('ip', ['netns', 'add', host.ns]);
    run('ip', ['-n', host.ns, 'link', 'set', 'lo', 'up']);
    created.links.push(host.veth);
    run('ip', ['link', 'add', host.veth, 'type', 'veth', 'peer', 'name', host.peer]);
    run('ip', ['link', 'set', host.peer, 'netns', host.ns]);
    run('ip', ['link', 'set', host.veth, 'master', net.bridge]);
    run('ip', ['link', 'set', host.veth, 'up']);
    run('ip', ['-n', host.ns, 'addr', 'add', `${host.address}/24`, 'dev', host.peer]);
    run('ip', ['-n', host.ns, 'link', 'set', host.peer, 'up']);
  }
  log(`network: bridge ${net.bridge} ${net.gateway}/24; ${hosts.map((h) => `${h.ns} ${h.address}`).join(', ')}`);
}

function deleteNetwork() {
  for (const ns of created.namespaces) {
    // Only processes the test started can be in its own namespaces; none should be left by now.
    const pids = (spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '').split(/\s+/);
    for (const pid of pids.filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  }
  for (const link of [...created.links, created.bridge].filter(Boolean)) {
    // A veth usually went with its namespace: its peer was in it.
    if (spawnSync('ip', ['link', 'show', link], { stdio: 'ignore' }).status === 0) {
      spawnSync('ip', ['link', 'del', link], { stdio: 'ignore' });
    }
  }
}

// --- Processes: started detached (own process group), stopped by their own PID ------------------
function startProcess(name, command, args, { env = {}, logFile } = {}) {
  if (stopping) {
    throw new Error(`not starting ${name}: the test is stopping`);
  }
  const out = logFile ? openSync(logFile, 'a') : 'ignore';
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  if (typeof out === 'number') {
    closeSync(out);
  }
  child.unref();
  child.on('error', () => undefined);
  processes.push({ name, child });
  return child;
}

const alive = (child) => child && child.pid && child.exitCode === null && child.signalCode === null;

/** SIGKILLs a child and waits for its exit (bounded: the children are unref'd, a timer keeps us alive). */
async function kill(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid, 'SIGKILL');
  await Promise.race([exited, sleep(10000)]);
  if (alive(child)) {
    throw new Error(`pid ${child.pid} still running 10 s after SIGKILL`);
  }
}

async function stopProcess(child, signal = 'SIGTERM', graceMs = 8000) {
  if (!alive(child)) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(child.pid, signal);
  } catch {
    return;
  }
  const inTime = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!inTime && alive(child)) {
    try {
      // Its own process group (detached): the process and any children it left (nginx's workers).
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await Promise.race([exited, sleep(2000)]);
  }
}

// --- 2. Services on the bridge address: a private MariaDB and a private Redis -------------------
const DB_NAME = 'conduit_hosts';
let mariadb;
let redis;
let redisUrl;

function redisPing(host, port) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    socket.setTimeout(1000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.on('timeout', () => socket.destroy(new Error('timeout')));
    socket.on('error', reject);
  });
}

async function startServices() {
  mariadb = new PrivateMariadb(path.join(work, 'db'), { host: net.gateway });
  processes.push({ name: 'mariadb', stop: () => mariadb.stop() });
  if (stopping) {
    throw new Error('not starting MariaDB: the test is stopping');
  }
  await mariadb.start();
  const admin = await mariadb.connect();
  await admin.query(`CREATE DATABASE \`${DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  run(process.execPath, ['node_modules/typeorm/cli.js', 'migration:run', '-d', 'dist/database/data-source.js'], {
    env: mariadb.env(DB_NAME),
  });
  log(`private MariaDB on ${net.gateway}:${mariadb.port}, database ${DB_NAME} migrated`);

  const redisDir = path.join(work, 'redis');
  mkdirSync(redisDir);
  const port = await freePort(net.gateway);
  redis = startProcess(
    'redis',
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      net.gateway,
      '--save',
      '',
      '--appendonly',
      'no',
      // Protected mode refuses clients that are not on loopback when there is no password: it is
      // bound to the test's bridge only, which nothing but the test's namespaces reaches.
      '--protected-mode',
      'no',
      '--dir',
      redisDir,
      '--daemonize',
      'no',
      '--logfile',
      path.join(redisDir, 'redis.log'),
    ],
    {},
  );
  await waitFor('redis-server to answer PING', () => {
    if (!alive(redis)) {
      throw new Error(`redis-server exited (see ${redisDir}/redis.log)`);
    }
    return redisPing(net.gateway, port);
  });
  redisUrl = `redis://${net.gateway}:${port}`;
  log(`private Redis on ${net.gateway}:${port}`);
}

// --- 3. The app instances, one per namespace -----------------------------------------------------
let appEnv;

function startApp(host) {
  host.logFile = path.join(work, `app-${host.name.toLowerCase()}.log`);
  host.child = startProcess(`app ${host.name}`, 'ip', ['netns', 'exec', host.ns, process.execPath, 'dist/main.js'], {
    env: { ...appEnv, PUBLIC_URL: host.url },
    logFile: host.logFile,
  });
}

async function waitHealthy(host) {
  await waitFor(
    `instance ${host.name} (${host.url}) GET /health = 200`,
    async () => {
      if (!alive(host.child)) {
        throw new Error(`instance ${host.name} exited: ${readFileSync(host.logFile, 'utf8').slice(-2000)}`);
      }
      return (await fetch(`${host.url}/health`, { signal: AbortSignal.timeout(2000) })).status === 200;
    },
    45000,
  );
}

async function startApps() {
  appEnv = {
    NODE_ENV: 'production',
    HOST: '0.0.0.0',
    PORT: String(APP_PORT),
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ...mariadb.env(DB_NAME),
    DB_POOL_SIZE: '10',
    DB_MIGRATIONS_RUN: 'false',
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: 'conduit-hosts:',
    RATE_LIMIT_ENABLED: 'true',
    // All test traffic through nginx comes from one client (127.0.0.1): keep the general per-IP limit
    // out of the way of the load; the per-email login limit is the one checked.
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_AUTH_PER_MINUTE: '20',
    RATE_LIMIT_AUTH_PER_EMAIL_PER_MINUTE: String(EMAIL_LIMIT),
    // nginx reaches the instances from the bridge address: only it may set X-Forwarded-For.
    TRUST_PROXY: net.gateway,
  };
  for (const host of hosts) {
    startApp(host);
  }
  await Promise.all(hosts.map((host) => waitHealthy(host)));
  log(`app instances: ${hosts.map((h) => `${h.name} ${h.url} (pid ${h.child.pid})`).join(', ')}`);
}

// --- 4. nginx from Debian's package, with deploy/nginx/conduit.conf rendered for the test -------
const nginx = { dir: path.join(work, 'nginx'), port: 0, url: '', child: undefined, accessLog: '' };

function nginxBinary() {
  const onPath = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout?.trim();
  if (onPath) {
    return onPath;
  }
  const pkg = path.join(work, 'nginx-pkg');
  mkdirSync(pkg);
  // Downloaded as root: tell apt not to hand the download to its sandbox user, who cannot write here.
  const download = () =>
    spawnSync('apt-get', ['-qq', '-o', 'APT::Sandbox::User=root', 'download', 'nginx', 'nginx-common'], {
      cwd: pkg,
      encoding: 'utf8',
    });
  let result = download();
  if (result.status !== 0) {
    run('apt-get', ['update', '-qq']);
    result = download();
  }
  if (result.status !== 0) {
    throw new Error(`apt-get download nginx nginx-common failed: ${result.stderr}`);
  }
  for (const deb of readdirSync(pkg).filter((file) => file.endsWith('.deb'))) {
    run('dpkg-deb', ['-x', deb, 'root'], { cwd: pkg });
  }
  return path.join(pkg, 'root/usr/sbin/nginx');
}

/**
 * deploy/nginx/conduit.conf with the test's instances, listen address and log folder (the three
 * substitutions documented at the top of that file); everything else as shipped.
 */
function renderNginxExample(example, { servers, listen, logDir }) {
  const block = /^([ \t]*)# BEGIN upstream servers\n([\s\S]*?)^[ \t]*# END upstream servers$/m;
  const found = block.exec(example);
  const firstServer = found && /^\s*server\s+\S+?((?:\s+[^;\s]+)*)\s*;/m.exec(found[2]);
  if (!firstServer) {
    throw new Error(`${NGINX_EXAMPLE}: no server line between "# BEGIN upstream servers" and "# END upstream servers"`);
  }
  const indent = found[1];
  const parameters = firstServer[1];
  let rendered = example.replace(
    block,
    [
      `${indent}# BEGIN upstream servers (rendered by scripts/test-hosts.mjs)`,
      ...servers.map((server) => `${indent}server ${server}${parameters};`),
      `${indent}# END upstream servers`,
    ].join('\n'),
  );
  const listenLine = /^([ \t]*)listen\s[^;]*;\s*# ADAPT: listen$/m;
  if (!listenLine.test(rendered)) {
    throw new Error(`${NGINX_EXAMPLE}: no "listen ...; # ADAPT: listen" line`);
  }
  rendered = rendered.replace(listenLine, `$1listen ${listen}; # rendered by scripts/test-hosts.mjs`);
  const accessLog = /^(\s*access_log\s+)\/var\/log\/nginx\//m;
  if (!accessLog.test(rendered)) {
    throw new Error(`${NGINX_EXAMPLE}: no access_log in /var/log/nginx/`);
  }
  return { text: rendered.replace(accessLog, `$1${logDir}/`), parameters: parameters.trim() };
}

async function startNginx() {
  const binary = nginxBinary();
  const { dir } = nginx;
  for (const folder of ['logs', 'temp']) {
    mkdirSync(path.join(dir, folder), { recursive: true });
  }
  chmodSync(dir, 0o711);
  nginx.port = await freePort();
  nginx.url = `http://127.0.0.1:${nginx.port}`;
  nginx.accessLog = path.join(dir, 'logs/conduit.access.log');
  const { text, parameters } = renderNginxExample(readFileSync(NGINX_EXAMPLE, 'utf8'), {
    servers: hosts.map((host) => `${host.address}:${APP_PORT}`),
    listen: `127.0.0.1:${nginx.port}`,
    logDir: path.join(dir, 'logs'),
  });
  writeFileSync(path.join(dir, 'conduit.conf'), text);
  const temp = (name) => path.join(dir, 'temp', name);
  writeFileSync(
    path.join(dir, 'lb.conf'),
    [
      '# Written by scripts/test-hosts.mjs: a main configuration whose every path is in this folder.',
      process.getuid() === 0 ? 'user nobody nogroup;' : '',
      'daemon off;',
      'worker_processes 1;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      `error_log ${path.join(dir, 'logs/error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  default_type application/octet-stream;',
      `  client_body_temp_path ${temp('client_body')};`,
      `  proxy_temp_path ${temp('proxy')};`,
      `  fastcgi_temp_path ${temp('fastcgi')};`,
      `  uwsgi_temp_path ${temp('uwsgi')};`,
      `  scgi_temp_path ${temp('scgi')};`,
      '  access_log off;',
      `  include ${path.join(dir, 'conduit.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', `${dir}/`, '-e', path.join(dir, 'logs/error.log'), '-c', path.join(dir, 'lb.conf')];
  run(binary, [...args, '-t', '-q']);
  nginx.child = startProcess('nginx', binary, args, { logFile: path.join(dir, 'logs/stdout.log') });
  await waitFor('nginx to answer', async () => {
    if (!alive(nginx.child)) {
      throw new Error(`nginx exited: ${readFileSync(path.join(dir, 'logs/error.log'), 'utf8')}`);
    }
    return (await fetch(`${nginx.url}/health`, { signal: AbortSignal.timeout(2000) })).status === 200;
  });
  const version = spawnSync(binary, ['-v'], { encoding: 'utf8' }).stderr.trim();
  log(`${version} (${binary}) on ${nginx.url}, upstream servers rendered with "${parameters}"`);
}

/** The access log's lines: request id, status and the instances tried, in order. */
function accessLogEntries() {
  return readFileSync(nginx.accessLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => ({
      line,
      status: Number(/" (\d{3}) /.exec(line)?.[1]),
      upstreams: (/ upstream=(.*?) ustatus=/.exec(line)?.[1] ?? '')
        .split(/\s*,\s*|\s+:\s+/)
        .filter((a) => a && a !== '-'),
      rid: / rid=(\S+)$/.exec(line)?.[1],
    }));
}

// --- Requests ------------------------------------------------------------------------------------

/** One GET on a given keep-alive agent: resolves with the status, rejects on a socket error or timeout. */
function get(agent, url) {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

// --- 5. The checks -------------------------------------------------------------------------------
async function checkTokensAcrossInstances() {
  const [a, b] = hosts;
  const tokens = [];
  for (const [from, to] of [
    [a, b],
    [b, a],
  ]) {
    const user = {
      username: `hosts-${from.name.toLowerCase()}-${randomUUID().slice(0, 8)}`,
      email: `${randomUUID()}@example.com`,
      password: 'hosts-test-password',
    };
    const registered = await apiRequest(from.url, 'POST', '/api/users', { body: { user } });
    check(registered.status === 201, `a. registered ${user.username} through instance ${from.name} directly`);
    const token = registered.body.user.token;
    const me = await apiRequest(to.url, 'GET', '/api/user', { token });
    check(
      me.status === 200 && me.body.user.username === user.username,
      `a. instance ${to.name} accepts the token issued by ${from.name}: GET /api/user = ${me.status}, ${me.body?.user?.username}`,
    );
    tokens.push(token);
  }
  return tokens[0];
}

async function checkSharedLoginLimit() {
  const email = `limited-${randomUUID()}@example.com`;
  const attempts = [];
  for (let i = 0; i < 2 * EMAIL_LIMIT; i++) {
    const host = hosts[i % hosts.length];
    const res = await apiRequest(host.url, 'POST', '/api/users/login', {
      body: { user: { email, password: 'wrong-password' } },
    });
    attempts.push({ host: host.name, status: res.status, retryAfter: res.headers.get('retry-after') });
  }
  const shown = attempts
    .map((a) => `${a.host}:${a.status}${a.retryAfter ? `(Retry-After ${a.retryAfter})` : ''}`)
    .join(' ');
  log(`b. ${2 * EMAIL_LIMIT} failed logins for one email, alternating A and B: ${shown}`);
  check(
    attempts.slice(0, EMAIL_LIMIT).every((a) => a.status === 401),
    `b. the first ${EMAIL_LIMIT} (the limit, counted over both instances) are 401`,
  );
  check(
    attempts.slice(EMAIL_LIMIT).every((a) => a.status === 429 && Number(a.retryAfter) > 0),
    `b. every further one is 429 with Retry-After on both instances (each saw only ${EMAIL_LIMIT}: a per-instance count would never have tripped)`,
  );
}

async function checkDistribution() {
  const runId = randomUUID().slice(0, 8);
  const sent = 40;
  let echoed = 0;
  for (let i = 0; i < sent; i += 4) {
    const batch = await Promise.all(
      [0, 1, 2, 3].map((j) =>
        apiRequest(nginx.url, 'GET', '/api/tags', { headers: { 'X-Request-Id': `dist-${runId}-${i + j}` } }),
      ),
    );
    batch.forEach((res, j) => {
      if (res.status !== 200) {
        throw new Error(`FAILED: GET /api/tags through nginx = ${res.status}`);
      }
      echoed += res.headers.get('x-request-id') === `dist-${runId}-${i + j}` ? 1 : 0;
    });
  }
  // nginx writes a request's log line just after its response: give the last ones a moment.
  const ours = () => accessLogEntries().filter((e) => e.rid?.startsWith(`dist-${runId}-`));
  await waitFor(`all ${sent} requests in the access log`, () => ours().length >= sent, 3000).catch(() => undefined);
  const entries = ours();
  const byUpstream = {};
  for (const entry of entries) {
    const answered = entry.upstreams.at(-1);
    byUpstream[answered] = (byUpstream[answered] ?? 0) + 1;
  }
  const shown = hosts.map((h) => `${h.name} ${h.address}: ${byUpstream[`${h.address}:${APP_PORT}`] ?? 0}`).join(', ');
  log(`c. ${sent} GET /api/tags through nginx, answered by (access log $upstream_addr): ${shown}`);
  figures.push({
    scenario: 'c. GET /api/tags through nginx, 4 at a time',
    requests: entries.length,
    failed: sent - entries.length,
    detail: `answered by ${shown}`,
  });
  check(entries.length === sent, `c. the access log has all ${sent} requests`);
  check(
    hosts.every((h) => (byUpstream[`${h.address}:${APP_PORT}`] ?? 0) > 0),
    'c. both instances received requests through nginx',
  );
  check(echoed === sent, 'c. nginx forwards X-Request-Id: every response echoes the id sent');
  const metrics = await apiRequest(nginx.url, 'GET', '/metrics');
  check(metrics.status === 404, `c. GET /metrics through nginx = ${metrics.status} (scrape each instance directly)`);
  return byUpstream;
}

async function throughput(label) {
  const result = await autocannon({
    url: `${nginx.url}/api/tags`,
    connections: CONNECTIONS,
    duration: BENCH_SECONDS,
  });
  const perSecond = Math.round(result.requests.average);
  figures.push({
    scenario: `d. GET /api/tags, ${label}`,
    requests: result.requests.total,
    'req/s': perSecond,
    failed: result.non2xx + result.errors,
    detail: `autocannon ${CONNECTIONS} connections ${BENCH_SECONDS} s, p99 ${result.latency.p99} ms`,
  });
  log(
    `d. ${label}: ${perSecond} requests/s (${result.requests.total} in ${BENCH_SECONDS} s, ${CONNECTIONS} connections, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ${result.errors} errors)`,
  );
  check(
    result.non2xx === 0 && result.errors === 0 && result.requests.total > 0,
    `d. ${label}: every request answered 2xx`,
  );
  return perSecond;
}

async function checkKillUnderLoad(slug) {
  const victim = hosts[1];
  const survivor = hosts[0];
  const paths = ['/api/articles?limit=10', '/api/tags', `/api/articles/${slug}`];
  const requests = [];
  let inFlight = 0;
  let killed;
  const logLinesBefore = accessLogEntries().length;
  const errorLog = path.join(nginx.dir, 'logs/error.log');
  const errorLogBefore = readFileSync(errorLog, 'utf8').length;
  const started = Date.now();
  const deadline = started + LOAD_MS;
  const client = async (n) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = n; Date.now() < deadline; i++) {
      const entry = { start: Date.now(), status: 0, error: undefined };
      inFlight++;
      try {
        entry.status = await get(agent, `${nginx.url}${paths[i % paths.length]}`);
      } catch (error) {
        entry.error = error.code ?? error.message;
      }
      inFlight--;
      requests.push(entry);
    }
    agent.destroy();
  };
  const killer = (async () => {
    await sleep(KILL_AFTER_MS);
    killed = { at: Date.now(), inFlight };
    await kill(victim.child);
  })();
  await Promise.all([...Array.from({ length: CONNECTIONS }, (_, n) => client(n)), killer]);

  const failedRequest = (r) => r.error !== undefined || r.status >= 500 || r.status === 0;
  const failures = requests.filter(failedRequest);
  const afterKill = requests.filter((r) => r.start > killed.at);
  const failedAfterKill = afterKill.filter(failedRequest);
  await waitFor(
    'the access log to catch up',
    () => accessLogEntries().length - logLinesBefore >= requests.length,
    3000,
  ).catch(() => undefined);
  const entries = accessLogEntries().slice(logLinesBefore);
  const passedOn = entries.filter((e) => e.upstreams.length > 1).length;
  // What nginx noticed about the dead instance (its passive health check): one line per failed try.
  const upstreamErrors = readFileSync(errorLog, 'utf8')
    .slice(errorLogBefore)
    .split('\n')
    .filter((line) => line.includes(victim.address));
  const errorKinds = [...new Set(upstreamErrors.map((line) => /\] \d+#\d+: \*\d+ (.*?) while /.exec(line)?.[1]))]
    .filter(Boolean)
    .join('; ');
  const victimAddr = `${victim.address}:${APP_PORT}`;
  const survivorAddr = `${survivor.address}:${APP_PORT}`;
  const answeredBy = (addr) => entries.filter((e) => e.upstreams.at(-1) === addr).length;
  figures.push({
    scenario: `e. SIGKILL instance ${victim.name} under load`,
    requests: requests.length,
    failed: failures.length,
    detail:
      `${killed.inFlight} in flight at the kill; ${afterKill.length} sent after it, ${failedAfterKill.length} failed; ` +
      `${passedOn} passed on by nginx; answered by ${survivor.name} ${answeredBy(survivorAddr)}, ${victim.name} ${answeredBy(victimAddr)}`,
  });
  const reasons = [...new Set(failures.map((r) => r.error ?? r.status))].join(', ');
  log(
    `e. ${requests.length} GETs through nginx from ${CONNECTIONS} keep-alive clients over ${LOAD_MS / 1000} s; ${victim.name} SIGKILLed at ${
      KILL_AFTER_MS / 1000
    } s with ${killed.inFlight} in flight: ${failures.length} failed${reasons ? ` (${reasons})` : ''}, ${passedOn} passed on to another instance by nginx`,
  );
  log(
    `e. nginx's error log: ${upstreamErrors.length} failed tries on ${victim.name}${errorKinds ? ` (${errorKinds})` : ''}`,
  );
  check(afterKill.length > 0, `e. the load went on after the kill (${afterKill.length} requests)`);
  check(failedAfterKill.length === 0, `e. every request sent after the kill succeeded (${afterKill.length})`);
  check(
    failures.length <= killed.inFlight,
    `e. failures (${failures.length}) at most the requests in flight at the kill (${killed.inFlight})`,
  );
  check(alive(survivor.child), `e. instance ${survivor.name} is still up`);
}

async function checkAllDown() {
  const last = hosts[0];
  await kill(last.child);
  const started = Date.now();
  const res = await apiRequest(nginx.url, 'GET', '/api/tags');
  const tookMs = Date.now() - started;
  figures.push({
    scenario: 'f. every instance down',
    requests: 1,
    detail: `GET /api/tags through nginx: ${res.status} in ${tookMs} ms, Retry-After ${res.headers.get('retry-after')}`,
  });
  check(
    res.status === 503 && Array.isArray(res.body?.errors?.body) && res.headers.get('retry-after') === '5',
    `f. every instance down: nginx answers ${res.status} in the API's error shape with Retry-After (${tookMs} ms)`,
  );
}

async function main() {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      'not root: creating network namespaces, veth pairs and a bridge needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN); run as root',
    );
  }
  if (!existsSync(path.join(root, 'dist/main.js'))) {
    run('npm', ['run', 'build']);
  }
  try {
    createNetwork();
  } catch (error) {
    throw new Error(`cannot create the test network (namespaces, veths, bridge): ${error.message}`);
  }
  await startServices();
  await startApps();
  await startNginx();

  const token = await checkTokensAcrossInstances();
  let slug;
  for (const title of ['Behind a balancer', 'Two hosts', 'One database']) {
    const article = await apiRequest(hosts[0].url, 'POST', '/api/articles', {
      token,
      body: { article: { title, description: 'read under load', body: 'text', tagList: ['hosts', 'nginx'] } },
    });
    check(article.status === 201, `created article "${title}" through instance A`);
    slug ??= article.body.article.slug;
  }
  await checkSharedLoginLimit();
  await checkDistribution();

  // Warm both instances up first (JIT, pools, keep-alive connections): cold, the first seconds run at
  // about half speed, and the one-instance figure below is taken on an instance the kill scenario
  // has warmed thoroughly.
  await autocannon({ url: `${nginx.url}/api/tags`, connections: CONNECTIONS, duration: BENCH_SECONDS });
  const both = await throughput('both instances up');
  await checkKillUnderLoad(slug);
  const one = await throughput(`one instance up (${hosts[1].name} killed)`);
  const ratio = both / one;
  log(`d. throughput both/one = ${ratio.toFixed(2)} (reported, not asserted: two instances share two cores)`);
  figures.push({ scenario: 'd. throughput both / one', detail: `${ratio.toFixed(2)} (not asserted)` });
  await checkAllDown();
}

// --- 6. Cleanup: by PID, then the network, then the folder; also on failure and signals ----------
// On a signal, cleanup runs at once (so nothing waits on a server that is going away), and again once
// main() has unwound: whatever it started in between is stopped too (startProcess refuses by then).
let cleanupChain = Promise.resolve();
let tailsShown = false;
let signalled = false;
let exitCode;

function showTails() {
  tailsShown = true;
  for (const file of [
    ...hosts.map((h) => h.logFile),
    path.join(nginx.dir, 'logs/error.log'),
    path.join(work, 'redis/redis.log'),
    mariadb && path.join(mariadb.dir, 'err.log'),
  ]) {
    if (file && existsSync(file)) {
      log(`--- ${path.relative(work, file)} (tail)`);
      console.log(readFileSync(file, 'utf8').split('\n').slice(-30).join('\n'));
    }
  }
}

async function cleanupOnce() {
  if (failed && !tailsShown && !signalled) {
    showTails();
  }
  // The balancer first, then the instances (no new requests reach them), then their services.
  const order = ['nginx', ...hosts.map((h) => `app ${h.name}`), 'redis', 'mariadb'];
  for (const name of order) {
    for (const proc of processes.filter((p) => p.name === name)) {
      try {
        await (proc.stop ? proc.stop() : stopProcess(proc.child));
      } catch (error) {
        log(`stopping ${name}: ${error.message}`);
      }
    }
  }
  deleteNetwork();
  rmSync(work, { recursive: true, force: true });
}

function cleanup() {
  cleanupChain = cleanupChain.then(cleanupOnce);
  return cleanupChain;
}

function leftBehind() {
  const left = created.namespaces.filter((ns) => existsSync(`/run/netns/${ns}`));
  for (const link of [...created.links, created.bridge].filter(Boolean)) {
    if (spawnSync('ip', ['link', 'show', link], { stdio: 'ignore' }).status === 0) {
      left.push(link);
    }
  }
  for (const proc of processes) {
    const child = proc.child ?? (proc.name === 'mariadb' ? mariadb?.process : undefined);
    if (alive(child)) {
      left.push(`${proc.name} (pid ${child.pid})`);
    }
  }
  if (existsSync(work)) {
    left.push(work);
  }
  return left;
}

function interrupt(reason, code) {
  if (stopping) {
    return;
  }
  log(`${reason}: stopping and cleaning up`);
  stopping = true;
  failed = true;
  exitCode = code;
  void cleanup();
  // main() normally unwinds within seconds (every wait checks `stopping`); should it not, leave anyway.
  setTimeout(() => void cleanupChain.finally(() => process.exit(code)), 30000);
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    signalled = true;
    interrupt(signal, code);
  });
}
// Not unref'd: it also keeps the event loop alive, so main() can never be dropped unsettled (the
// children and sockets it waits on are unref'd), which would skip the cleanup. The end calls exit.
setTimeout(() => interrupt(`still running after ${WATCHDOG_MS / 1000} s`, 1), WATCHDOG_MS);

const started = Date.now();
try {
  await main();
} catch (error) {
  failed = true;
  console.error(stopping ? `[test:hosts] interrupted: ${error.message}` : (error.stack ?? error));
} finally {
  await cleanup();
}
const left = leftBehind();
if (left.length > 0) {
  failed = true;
  log(`FAILED: left behind: ${left.join(', ')}`);
}
console.log('\n[test:hosts] figures');
console.table(figures, ['scenario', 'requests', 'req/s', 'failed', 'detail']);
console.log(`[test:hosts] ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(exitCode ?? (failed ? 1 : 0));
