// f. Every instance killed: nginx answers a prompt 503 in the API's error shape, not a 502 page.
import { apiRequest } from '../lib/http';
import { killProcess } from '../lib/processes';
import { HostsContext } from './context';

export async function allDown({ hosts, nginx, test, figures }: HostsContext): Promise<void> {
  await killProcess(hosts[0].server!.child!);
  const started = Date.now();
  const res = await apiRequest(nginx.url, 'GET', '/api/tags');
  const tookMs = Date.now() - started;
  figures.push({
    scenario: 'f. every instance down',
    requests: 1,
    detail: `GET /api/tags through nginx: ${res.status} in ${tookMs} ms, Retry-After ${res.headers.get('retry-after')}`,
  });
  test.check(
    res.status === 503 && Array.isArray(res.body?.errors?.body) && res.headers.get('retry-after') === '5',
    `f. every instance down: nginx answers ${res.status} in the API's error shape with Retry-After (${tookMs} ms)`,
  );
}
