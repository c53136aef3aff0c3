// 4. The database stopped while the server runs: /health and the API answer 503 (no crash, no
//    hang), and the server recovers by itself when the database is back.
import { setTimeout as sleep } from 'node:timers/promises';
import { Pm2Context } from './context';

interface HealthBody {
  error?: { database?: { status?: string } };
}

export async function databaseDown({ api, token, cluster, mariadb, test, figures }: Pm2Context): Promise<void> {
  const { check, log, waitFor } = test;
  const before = cluster.workers();
  await mariadb.stop();
  log('private MariaDB stopped');
  const started = Date.now();
  const [health, live, tags, articles, login] = await Promise.all([
    api<HealthBody>('GET', '/health'),
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
  ] as const) {
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
    cluster.workers().every((w) => w.status === 'online' && before.some((b) => b.pid === w.pid)),
    'database down: no worker crashed or was restarted',
  );

  await mariadb.start();
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
    cluster.workers().every((w) => before.some((b) => b.pid === w.pid)),
    `recovered without a restart, ${recoveredInMs} ms after the database came back`,
  );
  figures.push({ scenario: 'database stopped and started', failed: 0, restarts: 0, recoveredInMs });
}
