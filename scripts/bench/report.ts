// A scale's figures as the bench prints and saves them (bench/results/<time>-<scale>-<mode>.json and
// .md), and the targets of docs/performance.md checked on them.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/processes';
import { LoadResult, ProbeResult } from './messages';
import { READS, Scenario, WRITES } from './scenarios';

/** Where a request's CPU went, in ms: the server (every worker and PM2's daemon), MariaDB, the load generator. */
export interface CpuPerRequest {
  server: number;
  db: number;
  load: number;
}

export type ScenarioRow = { scenario: Scenario } & LoadResult & { cpuMsPerRequest: CpuPerRequest };

/** The login flood with a steady GET /api/tags beside it, and that probe alone just before. */
export interface LoginFlood {
  login: LoadResult;
  tags: ProbeResult;
  tagsAlone: ProbeResult;
}

/** A few logins beside a read flood, and how many the normal-priority fallback hashed. */
export interface LoginUnderReads {
  reads: LoadResult;
  logins: LoadResult;
  fallbacks: number;
}

export interface Target {
  target: string;
  value: number;
  met: boolean;
}

export interface ScaleReport {
  scale: string;
  mode: string;
  duration: number;
  connections: number;
  machine: string;
  fixtures: Record<string, string>;
  results: ScenarioRow[];
  loginFlood: LoginFlood | undefined;
  loginUnderReads: LoginUnderReads | undefined;
  targets: Target[];
}

export const cpuColumn = (cpu: CpuPerRequest): string =>
  [cpu.server, cpu.db, cpu.load].map((ms) => ms.toFixed(2)).join(' · ');

function markdown(title: string, rows: ScenarioRow[]): string {
  const lines = [
    `### ${title}`,
    '',
    '| Scenario | Requests/s | p50 ms | p90 ms | p99 ms | Errors | CPU ms per request: server · MariaDB · load |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${Math.round(r.rps)} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.errors} | ${cpuColumn(r.cpuMsPerRequest)} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** The targets of issue #6, on one run's figures (ratios, since the machine is shared and noisy). */
export function checkTargets(rows: ScenarioRow[], loginFlood: LoginFlood | undefined): Target[] {
  const by = new Map(rows.map((r) => [r.scenario, r]));
  const present = (names: Scenario[]) => names.flatMap((name) => by.get(name) ?? []);
  const bare = by.get('bare');
  const health = by.get('health');
  const checks: [string, number, boolean][] = [];
  if (bare && health) {
    checks.push([`health ≥ 70% of bare NestJS`, health.rps / bare.rps, health.rps / bare.rps >= 0.7]);
  }
  if (health) {
    for (const row of present(READS)) {
      const ratio = row.rps / health.rps;
      checks.push([
        `${row.scenario} ≥ 35% of health, p99 < 50 ms (p99 ${row.p99})`,
        ratio,
        ratio >= 0.35 && row.p99 < 50,
      ]);
    }
    for (const row of present(WRITES)) {
      const ratio = row.rps / health.rps;
      checks.push([`${row.scenario} ≥ 25% of health`, ratio, ratio >= 0.25]);
    }
  }
  if (loginFlood) {
    const { p99 } = loginFlood.tags;
    checks.push([`tags p99 < 20 ms during a login flood (p99 ${p99})`, p99, p99 < 20]);
  }
  return checks.map(([target, value, met]) => ({ target, value: Number(value.toFixed(2)), met }));
}

/** The report as Markdown: the scenarios' table, the login runs, the targets. */
export function reportMarkdown(report: ScaleReport, probeRate: number): string {
  const { scale, mode, connections, duration, machine, loginFlood, loginUnderReads } = report;
  const title = `${scale} dataset, ${mode}, ${connections} connections, ${duration} s per scenario (${machine})`;
  return [
    markdown(title, report.results),
    loginFlood
      ? `\nGET /api/tags at ${probeRate} requests/s during a login flood (${Math.round(loginFlood.login.rps)} logins/s): p50 ${loginFlood.tags.p50} ms, p99 ${loginFlood.tags.p99} ms; without the flood: p50 ${loginFlood.tagsAlone.p50} ms, p99 ${loginFlood.tagsAlone.p99} ms.\n`
      : '',
    loginUnderReads
      ? `\nLogins (4 connections) beside a read flood (GET /api/articles, ${connections} connections): ${Math.round(loginUnderReads.logins.rps)} logins/s, p50 ${loginUnderReads.logins.p50} ms, p99 ${loginUnderReads.logins.p99} ms, ${loginUnderReads.logins.errors} errors, ${loginUnderReads.fallbacks} hashed by the normal-priority fallback; reads ${Math.round(loginUnderReads.reads.rps)} req/s, p99 ${loginUnderReads.reads.p99} ms.\n`
      : '',
    '\n| Target | Value | Met |\n| --- | ---: | --- |\n',
    ...report.targets.map((t) => `| ${t.target} | ${t.value} | ${t.met ? 'yes' : '**no**'} |\n`),
  ].join('');
}

/** Writes bench/results/<time>-<scale>-<mode>.json and .md; answers the path without the extension. */
export function saveReport(report: ScaleReport, markdownText: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${stamp}-${report.scale}-${report.mode}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdownText);
  return base;
}
