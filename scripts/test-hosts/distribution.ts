// c. Through nginx, both instances receive requests (the access log's $upstream_addr), and the
//    request id is forwarded.
import { randomUUID } from 'node:crypto';
import { apiRequest } from '../lib/http';
import { HostsContext, upstreamOf } from './context';
import { accessLogEntries } from './nginx';

export async function distribution({ hosts, nginx, test, figures }: HostsContext): Promise<void> {
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
  const ours = () => accessLogEntries(nginx).filter((e) => e.rid?.startsWith(`dist-${runId}-`));
  await test
    .waitFor(`all ${sent} requests in the access log`, () => ours().length >= sent, 3000)
    .catch(() => undefined);
  const entries = ours();
  const byUpstream: Record<string, number> = {};
  for (const entry of entries) {
    const answered = entry.upstreams.at(-1) ?? '';
    byUpstream[answered] = (byUpstream[answered] ?? 0) + 1;
  }
  const shown = hosts.map((h) => `${h.name} ${h.address}: ${byUpstream[upstreamOf(h)] ?? 0}`).join(', ');
  test.log(`c. ${sent} GET /api/tags through nginx, answered by (access log $upstream_addr): ${shown}`);
  figures.push({
    scenario: 'c. GET /api/tags through nginx, 4 at a time',
    requests: entries.length,
    failed: sent - entries.length,
    detail: `answered by ${shown}`,
  });
  test.check(entries.length === sent, `c. the access log has all ${sent} requests`);
  test.check(
    hosts.every((h) => (byUpstream[upstreamOf(h)] ?? 0) > 0),
    'c. both instances received requests through nginx',
  );
  test.check(echoed === sent, 'c. nginx forwards X-Request-Id: every response echoes the id sent');
  const metrics = await apiRequest(nginx.url, 'GET', '/metrics');
  test.check(
    metrics.status === 404,
    `c. GET /metrics through nginx = ${metrics.status} (scrape each instance directly)`,
  );
}
