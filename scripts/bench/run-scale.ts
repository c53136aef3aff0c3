// One scale's benchmark: seed (or keep) its database, start the servers (ours, the bare NestJS app,
// the raw floor), check that the floor answers as ours does, measure every scenario (on the floor
// too, right after ours, where it has one), remove what the writes added, and print and save the
// report.
import { availableParallelism, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { PrivateMariadb } from '../lib/private-mariadb';
import { Cleanup, ROOT } from '../lib/processes';
import { Scale } from '../seed/constants';
import { databaseName, prepare, restore } from './database';
import { fixtures } from './fixtures';
import { FLOORED, requireSameAnswers } from './floor/check';
import { Measurer, PROBE_RATE, Processes } from './measure';
import { ScenarioData } from './messages';
import { BenchOptions } from './options';
import {
  checkTargets,
  cpuColumn,
  LoginFlood,
  LoginUnderReads,
  Measured,
  reportMarkdown,
  saveReport,
  ScaleReport,
  ScenarioRow,
} from './report';
import { BenchServer, startBare, startFloor, startServer } from './server';

export interface BenchContext {
  options: BenchOptions;
  /** The environment the servers and the seed start from. */
  baseEnv: NodeJS.ProcessEnv;
  jwtSecret: string;
  mariadb: PrivateMariadb;
  cleanup: Cleanup;
  log: (message: string) => void;
}

/**
 * The writers' tokens in two halves, ours and the floor's: the favorite scenario favorites each slug
 * once per token in turn, and the floor must not repeat our favorites (a repeat is another path).
 */
function splitWriters(data: ScenarioData): [ScenarioData, ScenarioData] {
  const half = Math.ceil(data.tokens.length / 2);
  return [
    { ...data, tokens: data.tokens.slice(0, half) },
    { ...data, tokens: data.tokens.slice(half) },
  ];
}

const logRow = (log: (message: string) => void, name: string, result: Measured) =>
  log(
    `${name.padEnd(15)} ${String(Math.round(result.rps)).padStart(6)} req/s  p50 ${result.p50} ms  p90 ${result.p90} ms  p99 ${result.p99} ms  errors ${result.errors}  CPU ms/request ${cpuColumn(result.cpuMsPerRequest)}`,
  );

export async function runScale(context: BenchContext, scale: Scale): Promise<ScaleReport> {
  const { options, mariadb, log } = context;
  const database = databaseName(scale);
  await prepare(mariadb, scale, context.baseEnv);
  const { data, described } = await fixtures(mariadb, database, context.jwtSecret);
  const mode = options.cluster ? `pm2-cluster-${availableParallelism()}` : 'single';
  log(`${scale} dataset, ${mode}; fixtures: ${JSON.stringify(described)}`);
  const server = await startServer(
    { ...options, baseEnv: context.baseEnv, env: mariadb.env(database), jwtSecret: context.jwtSecret },
    context.cleanup,
  );
  const bare = options.scenarios.includes('bare') ? await startBare(context.baseEnv, context.cleanup) : undefined;
  const floored = options.scenarios.filter((scenario) => FLOORED.includes(scenario));
  let floor: BenchServer | undefined;
  const [oursData, floorData] = splitWriters(data);
  const measure = new Measurer(options, oursData, log);
  const measureFloor = new Measurer(options, floorData, log);
  const rows: ScenarioRow[] = [];
  let loginFlood: LoginFlood | undefined;
  let loginUnderReads: LoginUnderReads | undefined;
  try {
    if (floored.length > 0) {
      floor = await startFloor(
        { ...options, baseEnv: context.baseEnv, env: mariadb.env(database), jwtSecret: context.jwtSecret },
        context.cleanup,
      );
      const compared = await requireSameAnswers(server.url, floor.url, floored, data);
      log(`the floor answers the ${compared} requests of the read scenarios as the server does`);
    }
    for (const scenario of options.scenarios) {
      const target = scenario === 'bare' ? bare! : server;
      const processes: Processes = { server: () => target.pids(), db: [mariadb.process!.pid!] };
      const row: ScenarioRow = { scenario, ...(await measure.measured(target.url, scenario, processes)) };
      rows.push(row);
      logRow(log, scenario, row);
      if (floor && floored.includes(scenario)) {
        const floorProcesses: Processes = { server: () => floor!.pids(), db: processes.db };
        row.floor = await measureFloor.measured(floor.url, scenario, floorProcesses);
        logRow(log, `  on the floor`, row.floor);
      }
      if (scenario === 'login') {
        const busy = [...processes.server(), ...processes.db];
        loginFlood = await measure.loginFlood(server.url, busy);
        const { login, tags, tagsAlone } = loginFlood;
        log(
          `login flood     tags p50 ${tags.p50} ms p99 ${tags.p99} ms during ${Math.round(login.rps)} logins/s (alone: p50 ${tagsAlone.p50} ms, p99 ${tagsAlone.p99} ms)`,
        );
        loginUnderReads = await measure.loginUnderReads(server.url, busy);
        const { reads, logins, fallbacks } = loginUnderReads;
        log(
          `logins + reads  ${Math.round(logins.rps)} logins/s p50 ${logins.p50} ms p99 ${logins.p99} ms errors ${logins.errors} (${fallbacks} hashed by the fallback) beside ${Math.round(reads.rps)} reads/s p99 ${reads.p99} ms`,
        );
      }
    }
  } finally {
    await floor?.stop();
    await bare?.stop();
    await server.stop();
  }
  log(`removed the ${await restore(mariadb, scale)} articles and the favorites the run wrote; counters checked`);
  const report: ScaleReport = {
    scale,
    mode,
    duration: options.duration,
    connections: options.connections,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`,
    fixtures: described,
    results: rows,
    loginFlood,
    loginUnderReads,
    targets: checkTargets(rows, loginFlood),
  };
  const markdown = reportMarkdown(report, PROBE_RATE);
  const base = saveReport(report, markdown);
  console.log(`\n${markdown}`);
  log(`saved ${path.relative(ROOT, base)}.json and .md`);
  return report;
}
