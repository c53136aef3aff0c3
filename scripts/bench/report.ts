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

/** A load's figures and where its CPU went. */
export type Measured = LoadResult & { cpuMsPerRequest: CpuPerRequest };

/** A scenario's figures on the server, and on the raw floor (floor/) where it serves the scenario. */
export type ScenarioRow = { scenario: Scenario } & Measured & { floor?: Measured };

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

const ratio = (value: number, base: number | undefined): string => (base ? (value / base).toFixed(2) : '');

function floorColumns(row: ScenarioRow): string[] {
  const { floor } = row;
  if (!floor) {
    return ['', '', ''];
  }
  const errors = floor.errors > 0 ? ` (${floor.errors} errors)` : '';
  const cpu = [floor.cpuMsPerRequest.server, floor.cpuMsPerRequest.db].map((ms) => ms.toFixed(2)).join(' · ');
  return [`${Math.round(floor.rps)}${errors}`, cpu, ratio(row.rps, floor.rps)];
}

function markdown(title: string, rows: ScenarioRow[]): string {
  const bare = rows.find((row) => row.scenario === 'bare')?.rps;
  const lines = [
    `### ${title}`,
    '',
    '| Scenario | Requests/s | p50 ms | p90 ms | p99 ms | Errors | CPU ms per request: server · MariaDB · load | Floor req/s | Floor CPU ms: server · MariaDB | × floor | × bare NestJS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) =>
      [
        '',
        r.scenario,
        Math.round(r.rps),
        r.p50,
        r.p90,
        r.p99,
        r.errors,
        cpuColumn(r.cpuMsPerRequest),
        ...floorColumns(r),
        ratio(r.rps, bare),
        '',
      ]
        .join(' | ')
        .trim(),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** A run's figures that the targets read. */
export interface RunFigures {
  rows: ScenarioRow[];
  loginFlood: LoginFlood | undefined;
}

/** One target's check: a line per scenario (or none when the run did not measure what it needs). */
type TargetRule = (run: RunFigures) => Target[];

/** Each of `scenarios` at `least` times the floor's requests/s. */
const floorRatio =
  (scenarios: readonly Scenario[], least: number): TargetRule =>
  ({ rows }) =>
    rows.flatMap((row) => {
      if (!row.floor || !scenarios.includes(row.scenario)) {
        return [];
      }
      const value = row.rps / row.floor.rps;
      const figures = `${Math.round(row.rps)} / ${Math.round(row.floor.rps)} req/s`;
      return [{ target: `${row.scenario} ≥ ${least} × floor (${figures})`, value, met: value >= least }];
    });

const tagsDuringLoginFlood: TargetRule = ({ loginFlood }) => {
  if (!loginFlood) {
    return [];
  }
  const { p99 } = loginFlood.tags;
  return [{ target: `tags p99 < 20 ms during a login flood (p99 ${p99})`, value: p99, met: p99 < 20 }];
};

/** The targets of issue #20; a new one is a rule added here. */
const TARGET_RULES: TargetRule[] = [floorRatio(READS, 0.6), floorRatio(WRITES, 0.5), tagsDuringLoginFlood];

/** The targets on one run's figures (ratios, since the machine is shared and noisy). */
export function checkTargets(rows: ScenarioRow[], loginFlood: LoginFlood | undefined): Target[] {
  return TARGET_RULES.flatMap((rule) => rule({ rows, loginFlood })).map((t) => ({
    ...t,
    value: Number(t.value.toFixed(2)),
  }));
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

/** Scenarios whose large-dataset p50 must stay within this factor of the small one's. */
export const SCALE_BOUND = 1.5;
const SCALE_BOUND_SCENARIOS: readonly Scenario[] = ['feed', 'feed-few'];

/**
 * Large against small, scenario by scenario: p50 and requests/s ratios, and the feed's target (its
 * cost must not grow with the data). Answers the Markdown and whether every bounded scenario met it.
 */
export function scaleComparison(small: ScaleReport, large: ScaleReport): { markdown: string; met: boolean } {
  const bySmall = new Map(small.results.map((row) => [row.scenario, row]));
  const lines = [
    `### large against small (${large.mode})`,
    '',
    '| Scenario | p50 large / small | req/s large / small | Target |',
    '| --- | ---: | ---: | --- |',
  ];
  let met = true;
  for (const row of large.results) {
    const before = bySmall.get(row.scenario);
    if (!before || before.p50 <= 0 || before.rps <= 0) {
      continue;
    }
    const p50 = row.p50 / before.p50;
    const bounded = SCALE_BOUND_SCENARIOS.includes(row.scenario);
    met &&= !bounded || p50 <= SCALE_BOUND;
    const target = bounded ? `p50 ≤ ${SCALE_BOUND}: ${p50 <= SCALE_BOUND ? 'yes' : '**no**'}` : '';
    lines.push(`| ${row.scenario} | ${p50.toFixed(2)} | ${(row.rps / before.rps).toFixed(2)} | ${target} |`);
  }
  return { markdown: `${lines.join('\n')}\n`, met };
}
