#!/usr/bin/env node
// `npm run test:realworld`: the official RealWorld 2.0.0 API suite (its Bruno collection, see
// ../shared/realworld-spec/ORIGIN.md) against the built server, once on a fresh SQLite file and once
// on a fresh database on the machine's MariaDB (127.0.0.1:3306, root). Every folder but environments/
// is one `bru run`; the counts come from its JSON report. Exits non-zero when a request failed or a
// folder ran none. The server, the database and the temporary folder go away at the end, also on
// failure and on SIGINT/SIGTERM. The collection is only read: reports are written to the temp folder.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminQuery, AppServer, mariadbEnv, ROOT as root } from './lib/app-server.mjs';
import { scriptTest } from './lib/script-test.mjs';

const specDir = path.resolve(process.env.REALWORLD_SPEC_DIR ?? path.join(root, '../shared/realworld-spec'));
const brunoDir = path.join(specDir, 'bruno');
const bruBin = path.join(root, 'node_modules/.bin/bru');
const BRU_TIMEOUT_MS = 120_000;

/** Set on SIGINT/SIGTERM to the exit status: nothing new is started. */
let stopping;
const { log, waitFor } = scriptTest('test:realworld', { stopping: () => stopping !== undefined });

if (!existsSync(path.join(brunoDir, 'bruno.json'))) {
  log(
    `${process.env.CI ? 'FAILED' : 'skipped'}: no RealWorld Bruno collection at ${brunoDir}: copy specs/api/ of ` +
      'github.com/realworld-apps/realworld to ../shared/realworld-spec, or set REALWORLD_SPEC_DIR to such a copy',
  );
  process.exit(process.env.CI ? 1 : 0);
}
for (const [file, hint] of [
  ['dist/main.js', 'run `npm run test:realworld`, which builds first'],
  ['node_modules/.bin/bru', 'run `npm ci` (@usebruno/cli is a devDependency)'],
]) {
  if (!existsSync(path.join(root, file))) {
    log(`FAILED: ${file} is missing: ${hint}`);
    process.exit(1);
  }
}

const folders = readdirSync(brunoDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'environments')
  .map((entry) => entry.name)
  .sort();
const work = mkdtempSync(path.join(tmpdir(), 'conduit-realworld-'));
/** What is running or exists right now, so that cleanup (also on a signal) finds it. */
const current = { server: undefined, bru: undefined, database: undefined };

const targets = [
  { name: 'sqlite', setup: async () => ({ DB_TYPE: 'sqlite', DB_PATH: path.join(work, 'conduit.sqlite') }) },
  {
    name: 'mariadb',
    setup: async () => {
      const name = `conduit_rw_${process.pid}`;
      await adminQuery(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      current.database = name;
      return { ...mariadbEnv(name), DB_MIGRATIONS_RUN: 'true' };
    },
  },
];

async function stopServer() {
  const server = current.server;
  current.server = undefined;
  await server?.stop();
}

async function dropDatabase() {
  const name = current.database;
  current.database = undefined;
  if (name) {
    await adminQuery(`DROP DATABASE IF EXISTS \`${name}\``).catch((error) =>
      log(`could not drop ${name}: ${error.message}`),
    );
  }
}

/** One folder with bru: resolves with its results (undefined when bru wrote no report) and its output. */
function runFolder(target, folder, baseUrl) {
  const report = path.join(work, `${target}-${folder}.json`);
  const args = ['run', folder, '--env', 'local', '--env-var', `host=${baseUrl}`, '--sandbox', 'safe'];
  args.push('--reporter-json', report, '--reporter-skip-all-headers');
  return new Promise((resolve) => {
    current.bru = execFile(
      bruBin,
      args,
      { cwd: brunoDir, timeout: BRU_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        current.bru = undefined;
        // The report is an array of iterations (one here), each with its results and a summary.
        const iterations = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : undefined;
        resolve({ error, output: `${stdout}${stderr}`, iterations });
      },
    );
  });
}

/** Bru's own rule (getRunnerSummary): a request passes when it has no error and every check passed. */
const failedChecks = (result) =>
  ['assertionResults', 'testResults', 'preRequestTestResults', 'postResponseTestResults']
    .flatMap((key) => result[key] ?? [])
    .filter((check) => check.status !== 'pass');
const requestFailed = (result) => result.status === 'error' || failedChecks(result).length > 0;

function printFailure(result) {
  const status = result.response?.status;
  log(`  ✗ ${result.path}.bru "${result.name}" → ${status ?? 'no response'}`);
  for (const check of failedChecks(result)) {
    const what = check.lhsExpr ? `assert ${check.lhsExpr} ${check.rhsExpr}` : check.description;
    log(`      ${what}: ${check.error ?? check.status}`);
  }
  if (result.error) {
    log(`      error: ${result.error}`);
  }
  // The safe sandbox reports a failed `expect` on a missing field only as "cannot read property of
  // undefined": show what the script expects.
  if (result.test?.filename && failedChecks(result).some((check) => check.isScriptError)) {
    const file = readFileSync(path.join(brunoDir, result.test.filename), 'utf8');
    const script = file.split('script:post-response')[1] ?? '';
    for (const line of script.match(/^\s*expect\(.*$/gm)?.slice(0, 3) ?? []) {
      log(`      script: ${line.trim()}`);
    }
  }
  if (result.response?.data !== undefined && status !== 'skipped') {
    const body = JSON.stringify(result.response.data);
    log(`      body: ${body.length > 300 ? `${body.slice(0, 300)}…` : body}`);
  }
}

/** Runs every folder against one database; answers { passed, total, ok }. */
async function runTarget(target) {
  const started = Date.now();
  const totals = { passed: 0, total: 0, ok: true };
  try {
    const dbEnv = await target.setup();
    if (stopping !== undefined) {
      throw new Error('interrupted');
    }
    // Every 4xx of the error folders is a warn line: kept in a file, shown when the server misbehaves.
    current.server = new AppServer({ env: dbEnv, logFile: path.join(work, `${target.name}-server.log`), waitFor });
    const baseUrl = await current.server.start();
    for (const folder of folders) {
      const { error, output, iterations } = await runFolder(target.name, folder, baseUrl);
      if (stopping !== undefined) {
        throw new Error('interrupted');
      }
      if (!iterations) {
        totals.ok = false;
        log(`${target.name}: ${folder}: bru wrote no report (${error?.killed ? 'timed out' : error?.message})`);
        console.log(output.trimEnd().split('\n').slice(-20).join('\n'));
        continue;
      }
      const results = iterations.flatMap((iteration) => iteration.results);
      const total = iterations.reduce((sum, iteration) => sum + iteration.summary.totalRequests, 0);
      const passed = iterations.reduce((sum, iteration) => sum + iteration.summary.passedRequests, 0);
      totals.total += total;
      totals.passed += passed;
      const ok = total > 0 && passed === total && !error;
      totals.ok &&= ok;
      const note = total === 0 ? ' (no requests ran)' : passed === total && error ? ` (bru: ${error.message})` : '';
      log(`${target.name}: ${folder} ${passed}/${total}${ok ? '' : ' FAILED'}${note}`);
      results.filter(requestFailed).forEach(printFailure);
    }
    // 4xx are warnings here, expected from the error folders; anything at error level (a 500) is a bug.
    const errors = current.server.errorLines();
    if (errors.length > 0) {
      totals.ok = false;
      log(`${target.name}: FAILED: the server logged ${errors.length} error(s), the first ones:`);
      console.log(errors.slice(0, 5).join('\n'));
    }
  } catch (error) {
    totals.ok = false;
    log(`${target.name}: FAILED: ${error.message}`);
  } finally {
    await stopServer();
    await dropDatabase();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`${target.name}: ${totals.passed}/${totals.total} requests passed (${seconds} s)`);
  return totals;
}

// A signal ends the bru run at once; the run then stops its server and drops its database itself.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.once(signal, () => {
    stopping = code;
    current.bru?.kill('SIGKILL');
  });
}

const summary = [];
try {
  for (const target of targets) {
    if (stopping !== undefined) {
      break;
    }
    summary.push({ name: target.name, ...(await runTarget(target)) });
  }
} finally {
  await stopServer();
  await dropDatabase();
  rmSync(work, { recursive: true, force: true });
}
const failed = summary.some((target) => !target.ok);
const figures = summary.map((target) => `${target.name} ${target.passed}/${target.total}`).join(', ');
log(`${stopping ? 'interrupted' : failed ? 'FAILED' : 'passed'}: ${figures}`);
process.exit(stopping ?? (failed ? 1 : 0));
