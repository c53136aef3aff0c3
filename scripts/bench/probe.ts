// A light, steady load for measuring latency beside a heavy one (bench.ts): GET a path at a fixed
// rate, evenly spaced, whether or not earlier requests have answered (an open loop), and time each
// request from when it was due, so a stalled server shows as latency instead of as fewer requests.
// autocannon cannot do this: its rate limit sends each second's quota back to back.
// Runs in a process of its own; receives a ProbeRequest over IPC and sends back a ProbeResult.
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { getStatus } from '../lib/http';
import { ProbeRequest, ProbeResult } from './messages';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const round = (ms: number) => Number(ms.toFixed(1));

async function main({ url, path, rate, duration }: ProbeRequest): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(path, url).href;
  const period = 1000 / rate;
  const total = Math.round(rate * duration);
  const latencies: number[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * period;
    const wait = due - performance.now();
    if (wait > 0) {
      await sleep(wait);
    }
    inFlight.push(
      getStatus(agent, target)
        .catch(() => 0)
        .then((status) => {
          latencies.push(performance.now() - due);
          if (status < 200 || status >= 300) {
            errors++;
          }
        }),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const figures = latencies.length
    ? {
        p50: round(percentile(latencies, 50)),
        p90: round(percentile(latencies, 90)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies[latencies.length - 1]),
      }
    : { p50: 0, p90: 0, p99: 0, max: 0 };
  const result: ProbeResult = { requests: latencies.length, rate, ...figures, errors };
  process.send?.(result, () => process.exit(0));
}

process.once('message', (request: ProbeRequest) => void main(request));
