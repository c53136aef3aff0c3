// A light, steady load for measuring latency beside a heavy one (scripts/bench.mjs): GET a path at a
// fixed rate, evenly spaced, whether or not earlier requests have answered (an open loop), and time
// each request from when it was due, so a stalled server shows as latency instead of as fewer
// requests. autocannon cannot do this: its rate limit sends each second's quota back to back.
// Runs in a process of its own; receives { url, path, rate, duration } over IPC and sends back
// the figures.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

function get(agent, url) {
  return new Promise((resolve) => {
    const request = http.get(url, { agent }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode));
    });
    request.setTimeout(10_000, () => request.destroy(new Error('timeout')));
    request.once('error', () => resolve(0));
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

process.once('message', async ({ url, path, rate, duration }) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(path, url);
  const period = 1000 / rate;
  const total = Math.round(rate * duration);
  const latencies = [];
  let errors = 0;
  const inFlight = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * period;
    const wait = due - performance.now();
    if (wait > 0) {
      await sleep(wait);
    }
    inFlight.push(
      get(agent, target).then((status) => {
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
  const round = (ms) => Number(ms.toFixed(1));
  const figures = latencies.length
    ? {
        p50: round(percentile(latencies, 50)),
        p90: round(percentile(latencies, 90)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies.at(-1)),
      }
    : { p50: 0, p90: 0, p99: 0, max: 0 };
  process.send({ requests: latencies.length, rate, ...figures, errors }, () => process.exit(0));
});
