// b. The per-email login limit holds across both instances (counters in the shared Redis).
import { randomUUID } from 'node:crypto';
import { apiRequest } from '../lib/http';
import { EMAIL_LIMIT, HostsContext } from './context';

export async function sharedLoginLimit({ hosts, test }: HostsContext): Promise<void> {
  const email = `limited-${randomUUID()}@example.com`;
  const attempts: { host: string; status: number; retryAfter: string | null }[] = [];
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
  test.log(`b. ${2 * EMAIL_LIMIT} failed logins for one email, alternating A and B: ${shown}`);
  test.check(
    attempts.slice(0, EMAIL_LIMIT).every((a) => a.status === 401),
    `b. the first ${EMAIL_LIMIT} (the limit, counted over both instances) are 401`,
  );
  test.check(
    attempts.slice(EMAIL_LIMIT).every((a) => a.status === 429 && Number(a.retryAfter) > 0),
    `b. every further one is 429 with Retry-After on both instances (each saw only ${EMAIL_LIMIT}: a per-instance count would never have tripped)`,
  );
}
