// 1. The API's e2e suites run with DB_READ_HOSTS set, and the servers' own statement counters
//    (Com_select, Com_insert, ...) show that reads reached the replica and every write the primary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { childEnv, ROOT } from '../lib/processes';
import { READER, ReplicationPair } from '../lib/replication-pair';
import { databaseEnv, difference, ReplicationContext } from './context';

/** The suites that exercise the API; the others test one database's plans, logs, or operations. */
const API_SUITES = [
  ...['articles', 'auth', 'comments', 'conduit-scenario', 'errors', 'profiles', 'security', 'tags', 'users'].map(
    (name) => `test/e2e/${name}.e2e-spec.ts`,
  ),
  ...['concurrency', 'query-count'].map((name) => `test/integration/${name}.spec.ts`),
];

export async function e2eOnReplica(context: ReplicationContext): Promise<void> {
  const { pair, test, figures } = context;
  const missing = API_SUITES.filter((suite) => !existsSync(path.join(ROOT, suite)));
  if (missing.length > 0) {
    throw new Error(`no such test file: ${missing.join(', ')}`);
  }
  const before = {
    primary: await ReplicationPair.counters(pair.primary),
    reader: await ReplicationPair.userStatistics(pair.replica, READER.user),
  };
  const started = Date.now();
  const jest = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--selectProjects', 'e2e', '--runInBand', ...API_SUITES],
    {
      cwd: ROOT,
      stdio: 'inherit',
      // The e2e global setup creates and migrates its own database on the primary (DB_HOST:DB_PORT).
      // Checks once per app start only (a long interval), so the replica's SELECT count is the reads;
      // the replica is kept caught up by E2E_REPLICA_SYNC, its lag is tested below.
      env: childEnv({
        ...databaseEnv(context, 'unused'),
        DB_READ_CHECK_INTERVAL_MS: '60000',
        DB_READ_MAX_LAG_S: '3600',
        E2E_REPLICA_SYNC: 'true',
      }),
    },
  );
  test.check(jest.status === 0, `the API's e2e suites pass with reads on the replica (${API_SUITES.length} files)`);
  const primary = difference(await ReplicationPair.counters(pair.primary), before.primary);
  const reader = difference(await ReplicationPair.userStatistics(pair.replica, READER.user), before.reader);
  figures.e2e = { seconds: Math.round((Date.now() - started) / 1000), primary, replicaReader: reader };
  test.log(`statements on the primary (Com_*): ${JSON.stringify(primary)}`);
  test.log(`statements by the app's reader user on the replica (USER_STATISTICS): ${JSON.stringify(reader)}`);
  // Each app start's lag check is one SELECT too: far fewer than the suites' test apps' reads.
  test.check(reader.selects > 150, `reads reached the replica (${reader.selects} SELECTs by ${READER.user})`);
  test.check(
    reader.writes === 0,
    `no write reached the replica (${reader.writes}; its user may only SELECT, so a write sent there would have failed the suites)`,
  );
  test.check(primary.insert > 0 && primary.update > 0 && primary.delete > 0, 'every kind of write reached the primary');
}
