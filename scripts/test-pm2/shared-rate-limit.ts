// The per-email login limit holds across the workers: its counters are in Redis, not in a worker.
import { randomUUID } from 'node:crypto';
import { Pm2Context } from './context';

export async function sharedRateLimit({ api, cluster, test }: Pm2Context): Promise<void> {
  const email = `limited-${randomUUID()}@example.com`;
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++) {
    const res = await api('POST', '/api/users/login', { body: { user: { email, password: 'wrong-password' } } });
    statuses.push(res.status);
  }
  const pids = new Set(cluster.workers().map((w) => w.pid));
  test.check(
    statuses.slice(0, 5).every((status) => status === 401) && statuses.slice(5).every((status) => status === 429),
    `login limit of 5 per email holds across ${pids.size} workers through Redis: ${statuses.join(' ')}`,
  );
}
