// d. GET /api/tags throughput through nginx (printed only: two instances on two shared cores prove
//    correctness, not speed), with every request answered 2xx.
import autocannon from 'autocannon';
import { CONNECTIONS } from '../lib/load';
import { HostsContext } from './context';

const BENCH_SECONDS = 3;

/** autocannon on GET /api/tags through nginx. */
export const tagsLoad = ({ nginx }: HostsContext) =>
  autocannon({ url: `${nginx.url}/api/tags`, connections: CONNECTIONS, duration: BENCH_SECONDS });

/** Answers the requests per second. */
export async function throughput(context: HostsContext, label: string): Promise<number> {
  const { test, figures } = context;
  const result = await tagsLoad(context);
  const perSecond = Math.round(result.requests.average);
  figures.push({
    scenario: `d. GET /api/tags, ${label}`,
    requests: result.requests.total,
    'req/s': perSecond,
    failed: result.non2xx + result.errors,
    detail: `autocannon ${CONNECTIONS} connections ${BENCH_SECONDS} s, p99 ${result.latency.p99} ms`,
  });
  test.log(
    `d. ${label}: ${perSecond} requests/s (${result.requests.total} in ${BENCH_SECONDS} s, ${CONNECTIONS} connections, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ${result.errors} errors)`,
  );
  test.check(
    result.non2xx === 0 && result.errors === 0 && result.requests.total > 0,
    `d. ${label}: every request answered 2xx`,
  );
  return perSecond;
}
