import { parseArgs } from 'node:util';
import { isScale, Scale, SCALES } from '../seed/constants';
import { isScenario, Scenario, SCENARIOS } from './scenarios';

export interface BenchOptions {
  scales: Scale[];
  /** A PM2 cluster over all cores instead of one process. */
  cluster: boolean;
  /** Seconds per scenario. */
  duration: number;
  connections: number;
  scenarios: Scenario[];
  /** One process only: the server runs under `node --cpu-prof` and writes a .cpuprofile here when it stops. */
  cpuProf: string | undefined;
}

export const HELP = `Usage: npm run bench -- [--scale ${Object.keys(SCALES).join('|')}|both] [--cluster] [--duration 10]
                        [--connections 64] [--scenarios a,b,c] [--cpu-prof DIR]

Seeds a private MariaDB, starts the built server on it (one process, or a PM2 cluster over all cores
with --cluster) and a bare NestJS app as the baseline, drives each scenario with autocannon, and
prints and saves (bench/results/) requests/s, latencies, errors and CPU per request.

  --scale NAME       the dataset (default small; both = small, then large)
  --cluster          PM2 cluster mode over all cores
  --duration S       seconds per scenario (default 10)
  --connections N    autocannon connections (default 64)
  --scenarios LIST   comma-separated, run in that order (default all: ${SCENARIOS.join(',')})
  --cpu-prof DIR     profile the one-process server (node --cpu-prof) into DIR
  --help             this text`;

/** The command line's options, checked; undefined for --help. */
export function parseBenchOptions(args: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args,
    options: {
      scale: { type: 'string', default: 'small' },
      cluster: { type: 'boolean', default: false },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '64' },
      scenarios: { type: 'string', default: SCENARIOS.join(',') },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    return undefined;
  }
  if (values['cpu-prof'] && values.cluster) {
    throw new Error('--cpu-prof profiles the one-process server: leave out --cluster');
  }
  const scales = values.scale === 'both' ? ['small', 'large'] : [values.scale];
  if (!scales.every(isScale)) {
    throw new Error(`--scale must be one of ${[...Object.keys(SCALES), 'both'].join(', ')}`);
  }
  const scenarios = values.scenarios.split(',').filter(Boolean);
  const unknown = scenarios.filter((name) => !isScenario(name));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(', ')}: the scenarios are ${SCENARIOS.join(', ')}`);
  }
  return {
    scales,
    cluster: values.cluster,
    duration: Number(values.duration),
    connections: Number(values.connections),
    scenarios: scenarios.filter(isScenario),
    cpuProf: values['cpu-prof'],
  };
}
