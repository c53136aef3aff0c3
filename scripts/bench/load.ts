// One benchmark scenario, run by bench.ts in a process of its own so the load generator does not
// share an event loop with anything it measures. Receives a LoadRequest over IPC, drives it with
// autocannon, and sends back the figures.
import autocannon from 'autocannon';
import { LoadRequest, LoadResult } from './messages';
import { requestsFor } from './scenarios';

async function main({ url, scenario, data, connections, duration }: LoadRequest): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({ url, connections, duration, timeout: 10, requests: requestsFor(scenario, data) });
  const { user, system } = process.cpuUsage(cpuBefore);
  const figures: LoadResult = {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    non2xx: result.non2xx,
    statusCodes: result.statusCodeStats,
    loadCpuMs: (user + system) / 1000,
  };
  process.send?.(figures);
  process.exit(0);
}

process.once('message', (request: LoadRequest) => void main(request));
