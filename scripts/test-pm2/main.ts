// `npm run test:pm2`: the built server under PM2 in cluster mode (2 workers) on a private MariaDB,
// proving what PM2 is here for:
//   1. `pm2 reload` under steady load: zero failed requests, zero non-2xx;
//   2. SIGKILL of a worker under load: PM2 restarts it, the service keeps answering, at most the
//      requests in flight on that worker fail;
//   3. writes (new articles) across a reload: every write that got a 2xx is in the database;
//   4. the database stopped while the server runs: /health and the API answer 503 (no crash, no
//      hang), and the server recovers by itself when the database is back;
//   plus the login limit shared through Redis, cluster-wide /metrics and JSON log files.
// Everything runs in a temporary folder with its own PM2_HOME, MariaDB data dir and ports, and is
// stopped by process id and deleted at the end. The machine's shared MariaDB is never touched.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { SingleArticleResponse } from '../../src/articles/article.dto';
import type { UserResponse } from '../../src/users/user.dto';
import { apiClient, healthy } from '../lib/http';
import { freePort, PrivateMariadb } from '../lib/private-mariadb';
import { buildIfMissing, migrate } from '../lib/processes';
import { runScriptTest, ScriptTest } from '../lib/script-test';
import { Pm2Cluster } from './cluster';
import { Figure, Pm2Context, WORKERS } from './context';
import { databaseDown } from './database-down';
import { killWorkerUnderLoad } from './kill';
import { metricsAndLogs } from './metrics-and-logs';
import { reloadUnderLoad } from './reload';
import { sharedRateLimit } from './shared-rate-limit';
import { writesAcrossReload } from './writes';

const APP = 'conduit-pm2-test';
const DATABASE = 'conduit_pm2';

async function startCluster(test: ScriptTest, work: string, mariadb: PrivateMariadb): Promise<Pm2Cluster> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const redisKeyPrefix = `conduit-pm2-test-${randomUUID().slice(0, 8)}:`;
  const cluster = new Pm2Cluster(APP, {
    PM2_HOME: path.join(work, 'pm2'),
    PM2_APP_NAME: APP,
    PM2_INSTANCES: String(WORKERS),
    PM2_LOG_DIR: path.join(work, 'logs'),
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    ...mariadb.env(DATABASE),
    DB_POOL_SIZE: '8',
    JWT_SECRET: randomUUID() + randomUUID(),
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_MS: '8000',
    // Rate limits in the machine's Redis under a key prefix of this run's own: the load below stays
    // under the general limit, and the login limit is checked across both workers.
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: redisKeyPrefix,
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  test.cleanup.add('pm2 kill and the run’s Redis keys', () => {
    // The run's rate-limit counters: expire within a minute anyway; removed now.
    spawnSync('sh', ['-c', `redis-cli --scan --pattern '${redisKeyPrefix}*' | xargs -r redis-cli del`], {
      stdio: 'ignore',
    });
    cluster.kill();
  });
  cluster.start();
  await test.waitFor(
    `${WORKERS} workers online`,
    () => cluster.workers().filter((w) => w.status === 'online').length === WORKERS,
  );
  await test.waitFor('GET /health = 200', () => healthy(baseUrl));
  return cluster;
}

async function scenarios(test: ScriptTest, figures: Figure[]): Promise<void> {
  const work = test.cleanup.tempDir('conduit-pm2-');
  const logDir = path.join(work, 'logs');
  // The server's own lines (startup, drain, shutdown, errors), without the per-request ones.
  test.showOnFailure(path.join(logDir, 'conduit-api.out.log'), {
    lines: 40,
    keep: (line) => !line.includes('"requestId"'),
  });
  test.showOnFailure(path.join(logDir, 'conduit-api.error.log'));
  buildIfMissing();
  const mariadb = new PrivateMariadb(path.join(work, 'db'));
  test.showOnFailure(path.join(mariadb.dir, 'err.log'));
  test.cleanup.add('stop the private MariaDB', () => mariadb.stop());
  await mariadb.start();
  await mariadb.createDatabase(DATABASE);
  migrate(mariadb.env(DATABASE));
  test.log(`private MariaDB on 127.0.0.1:${mariadb.port}, migrated`);

  const cluster = await startCluster(test, work, mariadb);
  const baseUrl = cluster.env.PUBLIC_URL;
  test.log(`PM2 cluster of ${WORKERS} workers on ${baseUrl} (PM2_HOME ${cluster.env.PM2_HOME})`);

  const api = apiClient(baseUrl);
  const user = {
    username: `pm2-${randomUUID().slice(0, 8)}`,
    email: `${randomUUID()}@example.com`,
    password: 'pm2-test-password',
  };
  const registered = await api<UserResponse>('POST', '/api/users', { body: { user } });
  test.check(registered.status === 201, 'registered a user');
  const token = registered.body.user.token;
  const article = await api<SingleArticleResponse>('POST', '/api/articles', {
    token,
    body: { article: { title: 'Under load', description: 'read during the tests', body: 'text', tagList: ['pm2'] } },
  });
  const slug = article.body.article.slug;

  const context: Pm2Context = {
    test,
    cluster,
    baseUrl,
    api,
    mariadb,
    database: DATABASE,
    logDir,
    figures,
    token,
    slug,
  };
  for (const scenario of [
    reloadUnderLoad,
    killWorkerUnderLoad,
    writesAcrossReload,
    databaseDown,
    sharedRateLimit,
    metricsAndLogs,
  ]) {
    await scenario(context);
  }
}

function main(): void {
  const test = new ScriptTest('test:pm2');
  const figures: Figure[] = [];
  runScriptTest(test, () => scenarios(test, figures), {
    report: () => {
      console.log('\n[test:pm2] figures');
      console.table(figures);
    },
  });
}

main();
