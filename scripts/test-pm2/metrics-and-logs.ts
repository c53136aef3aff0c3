// Cluster-wide /metrics, and the workers' merged JSON log file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Pm2Context, WORKERS } from './context';

interface LogLine {
  requestId?: string;
  route?: string;
  res?: { statusCode?: number };
  durationMs?: unknown;
  time?: unknown;
  pid?: number;
}

export async function metricsAndLogs({ baseUrl, logDir, test }: Pm2Context): Promise<void> {
  const { check } = test;
  const res = await fetch(`${baseUrl}/metrics`);
  const text = await res.text();
  const reporting = Number(/^metrics_scrape_workers (\d+)$/m.exec(text)?.[1]);
  check(
    res.status === 200 && reporting === WORKERS,
    `GET /metrics covers all ${WORKERS} workers (metrics_scrape_workers ${reporting})`,
  );
  const total = [...text.matchAll(/^http_requests_total\{[^}]*\} (\d+)$/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
  check(total > 0, `cluster-wide http_requests_total = ${total}`);

  const outFile = path.join(logDir, 'conduit-api.out.log');
  check(existsSync(outFile), `merged log file ${path.join(path.basename(logDir), path.basename(outFile))}`);
  const lines = readFileSync(outFile, 'utf8').split('\n').filter(Boolean);
  const parsed = lines.map((line) => {
    try {
      return JSON.parse(line) as LogLine;
    } catch {
      return undefined;
    }
  });
  check(parsed.every(Boolean), `all ${lines.length} log lines are JSON`);
  check(
    parsed.some(
      (line) =>
        line?.requestId && line.route && line.res?.statusCode && typeof line.durationMs === 'number' && line.time,
    ),
    'request lines carry requestId, route, status, duration and time',
  );
  check(
    !lines.some((line) => /authorization|"password"|Token ey/i.test(line)),
    'no token, password or Authorization header in the logs',
  );
  check(
    new Set(parsed.map((line) => line?.pid)).size > WORKERS,
    'the file merges the output of every worker, old and new',
  );
}
