#!/usr/bin/env node
// `npm run test:backup`: the data-safety drill, against the machine's MariaDB (throwaway databases
// this script creates and drops) and SQLite files in a temporary folder.
//
// 1. Backup while serving: the small dataset seeded on MariaDB, the server taking writes from a
//    bounded loop on loopback, `db:backup` taken in the middle; `db:restore` into a fresh database;
//    every write acknowledged before the backup began is there, and the rows and digests of every
//    table are the manifest's.
// 2. Damaged input: a truncated backup, a manifest that does not match its data, a backup from a
//    newer schema, a non-empty target: each one clear line, exit 1, the target unchanged.
// 3. Growth path: a seeded SQLite file copied into a fresh MariaDB database with `db:copy`; the same
//    pages, profiles, tags and counts from a server on each, and a token issued on SQLite works on
//    MariaDB.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import * as tar from 'tar';
import { adminQuery, AppServer, MARIADB, mariadbEnv, ROOT } from './lib/app-server.mjs';
import { apiRequest, scriptTest } from './lib/script-test.mjs';

const require = createRequire(import.meta.url);
const { log, check, waitFor } = scriptTest('test:backup');
const work = mkdtempSync(path.join(tmpdir(), 'conduit-backup-'));
const databases = [];
const servers = [];
/** One secret for both servers of part 3: a token from the first must verify on the second. */
const JWT_SECRET = 'test-backup-drill-secret-0123456789abcdef';
const WRITERS = 4;
/** Longest the writes may pause while the backup runs: a locking dump would stop them for seconds. */
const MAX_PAUSE_MS = 2000;
const MAX_WRITES = 4000;
const figures = {};

async function createDatabase(role) {
  const name = `conduit_bk_${role}_${process.pid}`;
  await adminQuery(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  databases.push(name);
  return name;
}

/** A node script of ours as a child process: its exit code, output and duration. */
function run(script, args, env) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, script), ...args], {
      cwd: work,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

async function mustRun(what, script, args, env) {
  const result = await run(script, args, env);
  if (result.code !== 0) {
    console.log(result.stdout, result.stderr);
  }
  check(result.code === 0, `${what}: exit 0 in ${result.seconds.toFixed(1)} s`);
  return result;
}

/** The app's own digests of a database (the code db:restore checks with), through the built code. */
async function digestsOf(env) {
  const { DataSource } = require('typeorm');
  const { buildDataSourceOptions } = require(path.join(ROOT, 'dist/database/data-source-options.js'));
  const { parseEnv } = require(path.join(ROOT, 'dist/config/env.validation.js'));
  const { databaseDigests } = require(path.join(ROOT, 'dist/database/backup/digest.js'));
  const dataSource = new DataSource({ ...buildDataSourceOptions(parseEnv(env)), migrationsRun: false, logging: false });
  await dataSource.initialize();
  try {
    return await databaseDigests(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

const tableCount = async (name) =>
  Number((await adminQuery('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?', [name]))[0].n);

async function readManifest(archive) {
  const dir = mkdtempSync(path.join(work, 'manifest-'));
  await tar.x({ file: archive, cwd: dir, filter: (entry) => entry === 'manifest.json' });
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
}

/** The archive again with its manifest changed by `edit`, everything else as it was. */
async function withManifest(archive, name, edit) {
  const dir = mkdtempSync(path.join(work, `${name}-`));
  await tar.x({ file: archive, cwd: dir });
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  edit(manifest);
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  const out = path.join(work, `${name}.tar.gz`);
  await tar.c({ file: out, gzip: true, cwd: dir }, await listEntries(archive));
  return out;
}

async function listEntries(archive) {
  const names = [];
  await tar.t({ file: archive, onReadEntry: (entry) => names.push(entry.path) });
  return names;
}

// --- 1. Backup while serving, restore, every acknowledged write there --------------------------------
async function backupWhileServing() {
  const source = await createDatabase('source');
  const seeded = await mustRun('seed --scale small on MariaDB', 'scripts/seed.mjs', ['--scale', 'small'], {
    ...mariadbEnv(source),
  });
  figures.seedSeconds = seeded.seconds;

  const server = new AppServer({ env: mariadbEnv(source), logFile: path.join(work, 'source.log'), waitFor });
  servers.push(server);
  const baseUrl = await server.start();
  const writer = await apiRequest(baseUrl, 'POST', '/api/users', {
    body: { user: { username: `drill${process.pid}`, email: `drill${process.pid}@example.com`, password: 'password' } },
  });
  check(writer.status === 201, 'a writer registered');
  const token = writer.body.user.token;

  // Bounded writes on loopback: each acknowledged article with the moment its 201 arrived.
  const acknowledged = [];
  let stop = false;
  let sent = 0;
  const loop = async (lane) => {
    while (!stop && sent < MAX_WRITES) {
      sent++;
      const res = await apiRequest(baseUrl, 'POST', '/api/articles', {
        token,
        body: { article: { title: `Drill ${lane} ${sent}`, description: 'd', body: 'b', tagList: ['drill'] } },
      });
      if (res.status === 201) {
        acknowledged.push({ slug: res.body.article.slug, at: Date.now() });
      } else {
        throw new Error(`a write answered ${res.status}: ${JSON.stringify(res.body)}`);
      }
    }
  };
  const writers = Promise.all(Array.from({ length: WRITERS }, (_, lane) => loop(lane)));
  await waitFor('300 acknowledged writes', () => acknowledged.length >= 300);

  const archive = path.join(work, 'backup.tar.gz');
  const backupStartedAt = Date.now();
  const backup = await mustRun('db:backup while the server takes writes', 'dist/bin/db-backup.js', ['--out', archive], {
    ...mariadbEnv(source),
  });
  const backupEndedAt = Date.now();
  const during = acknowledged.filter((write) => write.at >= backupStartedAt).map((write) => write.at);
  stop = true;
  await writers;
  // A dump that locked the tables would show as a pause in the acknowledgements, not just fewer of them.
  const stamps = [backupStartedAt, ...during.filter((at) => at <= backupEndedAt), backupEndedAt];
  const longestPause = Math.max(...stamps.slice(1).map((at, i) => at - stamps[i]));
  check(
    during.length > 0 && longestPause < MAX_PAUSE_MS,
    `writes went on during the backup: ${during.length} acknowledged, longest pause ${longestPause} ms`,
  );
  figures.longestPause = longestPause;
  figures.backupSeconds = backup.seconds;
  figures.backupBytes = statSync(archive).size;

  const target = await createDatabase('restored');
  const restore = await mustRun('db:restore into a fresh database', 'dist/bin/db-restore.js', [archive], {
    ...mariadbEnv(target),
  });
  figures.restoreSeconds = restore.seconds;

  const before = acknowledged.filter((write) => write.at < backupStartedAt).map((write) => write.slug);
  const found = await adminQuery(`SELECT slug FROM \`${target}\`.articles WHERE slug IN (?)`, [before]);
  check(
    found.length === before.length,
    `all ${before.length} writes acknowledged before the backup began are restored`,
  );
  figures.writesChecked = before.length;
  figures.writesSent = acknowledged.length;

  const manifest = await readManifest(archive);
  const restored = await digestsOf(mariadbEnv(target));
  const mismatched = Object.entries(manifest.tables).filter(
    ([table, digest]) => !isDeepStrictEqual(restored[table], digest),
  );
  check(
    mismatched.length === 0,
    `every table's rows and digest are the manifest's${mismatched.length ? `, not ${mismatched.map(([t]) => t)}` : ''}`,
  );
  figures.rows = Object.values(manifest.tables).reduce((sum, table) => sum + table.rows, 0);
  figures.tables = Object.keys(manifest.tables).length;
  check(server.errorLines().length === 0, 'the server logged no error while it was backed up');
  await server.stop();
  return { archive, target };
}

// --- 2. Damaged input: one clear line, exit 1, nothing changed ----------------------------------------
async function damagedInputs({ archive, target }) {
  const empty = await createDatabase('damaged');
  const bytes = readFileSync(archive);
  const truncated = path.join(work, 'truncated.tar.gz');
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const wrongDigest = await withManifest(archive, 'wrong-manifest', (manifest) => {
    manifest.tables.articles.sha256 = '0'.repeat(64);
  });
  const newerSchema = await withManifest(archive, 'newer-schema', (manifest) => {
    manifest.lastMigration = 'FutureSchema9999999999999';
  });
  const [targetRows] = await adminQuery(`SELECT COUNT(*) AS n FROM \`${target}\`.articles`);

  // Each refusal must be for its own reason: a restore failing for another one (no client, no
  // connection) would otherwise pass all four.
  const cases = [
    ['a truncated backup', truncated, empty, /damaged or truncated/],
    ['a manifest that does not match its data', wrongDigest, empty, /manifest does not match the data: articles/],
    ['a backup from a newer schema', newerSchema, empty, /newer schema \(FutureSchema9999999999999\)/],
    ['a non-empty target (no --force)', archive, target, /not empty/],
  ];
  figures.damaged = [];
  for (const [what, file, database, reason] of cases) {
    const result = await run('dist/bin/db-restore.js', [file], mariadbEnv(database));
    const lines = result.stderr.trim().split('\n').filter(Boolean);
    figures.damaged.push(`${what}: exit ${result.code}, "${lines.join(' / ')}"`);
    check(
      result.code === 1 && lines.length === 1 && reason.test(lines[0]),
      `${what}: exit 1 with one line: ${lines.join(' / ')}`,
    );
  }
  check((await tableCount(empty)) === 0, 'the empty target is still empty after three refused restores');
  const [after] = await adminQuery(`SELECT COUNT(*) AS n FROM \`${target}\`.articles`);
  check(Number(after.n) === Number(targetRows.n), 'the non-empty target is unchanged');
}

// --- 3. SQLite → MariaDB: the same answers, the same tokens ---------------------------------------------
async function copySqliteToMariadb() {
  const sqliteFile = path.join(work, 'sqlite', 'conduit.sqlite');
  mkdirSync(path.dirname(sqliteFile));
  const sqliteEnv = { DB_TYPE: 'sqlite', DB_PATH: sqliteFile };
  await mustRun('seed --scale small on SQLite', 'scripts/seed.mjs', ['--scale', 'small'], sqliteEnv);

  const onSqlite = new AppServer({
    env: { ...sqliteEnv, JWT_SECRET },
    logFile: path.join(work, 'sqlite.log'),
    waitFor,
  });
  servers.push(onSqlite);
  const sqliteUrl = await onSqlite.start();
  const login = await apiRequest(sqliteUrl, 'POST', '/api/users/login', {
    body: { user: { email: 'user1@example.com', password: 'password' } },
  });
  check(login.status === 200, 'a seeded user logs in on SQLite');
  const token = login.body.user.token;
  const first = (await apiRequest(sqliteUrl, 'GET', '/api/articles?limit=1')).body.articles[0];
  const paths = [
    '/api/articles',
    '/api/articles?limit=100&offset=5000',
    `/api/articles?author=${first.author.username}`,
    `/api/articles?tag=${first.tagList[0] ?? 'tag1'}`,
    '/api/articles?favorited=user1',
    '/api/articles/feed',
    `/api/articles/${first.slug}`,
    `/api/articles/${first.slug}/comments`,
    `/api/profiles/${first.author.username}`,
    '/api/profiles/user1',
    '/api/tags',
    '/api/user',
  ];
  const answers = async (baseUrl) => {
    const out = {};
    for (const url of paths) {
      const res = await apiRequest(baseUrl, 'GET', url, { token });
      out[url] = { status: res.status, body: res.body };
    }
    return out;
  };
  const before = await answers(sqliteUrl);
  await onSqlite.stop();

  const copyTarget = await createDatabase('copy');
  const url = `mariadb://${MARIADB.user}@${MARIADB.host}:${MARIADB.port}/${copyTarget}`;
  const copy = await mustRun(
    'db:copy SQLite → MariaDB',
    'dist/bin/db-copy.js',
    ['--from', `sqlite:${sqliteFile}`, '--to', url],
    {},
  );
  figures.copySeconds = copy.seconds;

  const onMariadb = new AppServer({
    env: { ...mariadbEnv(copyTarget), JWT_SECRET },
    logFile: path.join(work, 'copy.log'),
    waitFor,
  });
  servers.push(onMariadb);
  const mariadbUrl = await onMariadb.start();
  const after = await answers(mariadbUrl);
  const differing = paths.filter((url) => !isDeepStrictEqual(before[url], after[url]));
  const listed = (url) => before[url].body.articles?.length ?? 0;
  check(
    Object.values(before).every((answer) => answer.status === 200) &&
      ['/api/articles', '/api/articles?limit=100&offset=5000', paths[2], paths[3]].every((url) => listed(url) > 0) &&
      before['/api/tags'].body.tags.length > 0,
    `the ${paths.length} reads answer 200 on SQLite, the lists and tags not empty`,
  );
  check(
    differing.length === 0,
    `the same ${paths.length} answers from the copy on MariaDB${differing.length ? `: ${differing}` : ''}`,
  );
  check(after['/api/user'].body.user.username === 'user1', 'the token issued on SQLite works on MariaDB');
  await onMariadb.stop();
}

try {
  const backup = await backupWhileServing();
  await damagedInputs(backup);
  await copySqliteToMariadb();
  log(
    `passed: small dataset (${figures.rows} rows in ${figures.tables} tables): backup ${figures.backupSeconds.toFixed(1)} s ` +
      `(${(figures.backupBytes / 1e6).toFixed(1)} MB), restore ${figures.restoreSeconds.toFixed(1)} s; ` +
      `${figures.writesChecked} of ${figures.writesSent} writes acknowledged before the backup checked, ` +
      `writes paused at most ${figures.longestPause} ms during it; ` +
      `copy SQLite → MariaDB ${figures.copySeconds.toFixed(1)} s`,
  );
  for (const line of figures.damaged) {
    log(`damaged input: ${line}`);
  }
} catch (error) {
  log(error.message);
  process.exitCode = 1;
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  for (const name of databases) {
    await adminQuery(`DROP DATABASE IF EXISTS \`${name}\``).catch((error) =>
      log(`could not drop ${name}: ${error.message}`),
    );
  }
  rmSync(work, { recursive: true, force: true });
}
