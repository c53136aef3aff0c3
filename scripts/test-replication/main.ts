// `npm run test:replication`: reads on a MariaDB replica, proven on a private primary + replica pair
// (GTID replication, own data dirs, ports and temp dirs; the machine's shared server is never touched):
//   1. the API's e2e suites with reads on the replica (e2e-on-replica.ts);
//   2. replication lag: read-your-writes, and the bound for everyone else (lag.ts);
//   3. the replica SIGKILLed under steady read load, then restarted (replica-killed.ts).
// The built server runs as a child process for 2 and 3. Everything is stopped by process id and the
// temporary folder deleted at the end. Redis is the machine's, under a key prefix of this run's own.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AppServer } from '../lib/app-server';
import { apiClient } from '../lib/http';
import { ReplicationPair } from '../lib/replication-pair';
import { runScriptTest, ScriptTest } from '../lib/script-test';
import { databaseEnv, ReplicationContext } from './context';
import { e2eOnReplica } from './e2e-on-replica';
import { lag } from './lag';
import { replicaKilled } from './replica-killed';

async function scenarios(test: ScriptTest, figures: Record<string, unknown>): Promise<void> {
  const work = test.cleanup.tempDir('conduit-replication-');
  const pair = new ReplicationPair(path.join(work, 'db'));
  test.cleanup.add('stop MariaDB', () => pair.stop());
  await pair.start();
  test.log(`primary on port ${pair.primary.port}, replica on port ${pair.replica.port} (GTID replication)`);
  const redis = {
    url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix: `conduit-replication-test-${randomUUID().slice(0, 8)}:`,
  };
  const context: ReplicationContext = { test, pair, redis, figures };
  await e2eOnReplica(context);

  const database = 'conduit_replication';
  await pair.primary.createDatabase(database);
  const server = new AppServer({
    env: {
      ...databaseEnv(context, database),
      NODE_ENV: 'production',
      JWT_SECRET: randomUUID() + randomUUID(),
      DB_MIGRATIONS_RUN: 'true',
      LOG_LEVEL: 'error',
    },
    waitFor: test.waitFor,
  });
  test.cleanup.add('stop the server', () => server.stop());
  const baseUrl = await server.start();
  const serverContext = { ...context, baseUrl, api: apiClient(baseUrl) };
  const slug = await lag(serverContext);
  await replicaKilled(serverContext, slug);
}

function main(): void {
  const test = new ScriptTest('test:replication');
  const figures: Record<string, unknown> = {};
  runScriptTest(test, () => scenarios(test, figures), {
    report: () => test.log(`figures: ${JSON.stringify(figures)}`),
  });
}

main();
