// `npm run bench -- [--scale small|large|both] [--cluster] [--duration 10] [--connections 64]
//  [--scenarios a,b,c] [--cpu-prof DIR]` (--help lists them)
//
// Starts the built server (one process, or a PM2 cluster over all cores with --cluster) on a
// private MariaDB seeded with the chosen dataset (bench/database.ts; seeded once, reused),
// and a bare NestJS app with one route as the baseline; drives each scenario with autocannon from a
// separate process on loopback; prints and saves requests/s, p50, p90, p99 and errors
// (bench/results/<time>-<scale>-<mode>.json and .md), and checks the targets of docs/performance.md.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Cleanup, ROOT } from './lib/processes';
import { benchDatabase } from './bench/database';
import { HELP, parseBenchOptions } from './bench/options';
import { scaleComparison } from './bench/report';
import { runScale } from './bench/run-scale';

const log = (message: string) => console.log(`[bench] ${message}`);

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  if (!options) {
    console.log(HELP);
    return;
  }
  // The server under test is the build in dist/: build it when it is missing or stale.
  spawnSync(process.execPath, ['scripts/build-if-needed.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const cleanup = new Cleanup(log);
  const mariadb = benchDatabase();
  cleanup.add('stop the private MariaDB', () => mariadb.stop());
  // The private MariaDB runs detached, so Ctrl-C would leave it (and a PM2 daemon) running: stop them first.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => void cleanup.run().finally(() => process.exit(code)));
  }
  try {
    await mariadb.start();
    log(`private MariaDB on 127.0.0.1:${mariadb.port} (${path.relative(ROOT, mariadb.dir)})`);
    const context = {
      options,
      baseEnv: process.env,
      jwtSecret: `bench-${randomUUID()}-${randomUUID()}`,
      mariadb,
      cleanup,
      log,
    };
    const reports = [];
    for (const scale of options.scales) {
      reports.push(await runScale(context, scale));
    }
    const [small, large] = reports;
    if (small?.scale === 'small' && large?.scale === 'large') {
      const { markdown } = scaleComparison(small, large);
      console.log(`\n${markdown}`);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      writeFileSync(path.join(ROOT, 'bench/results', `${stamp}-large-against-small-${large.mode}.md`), markdown);
    }
  } finally {
    await cleanup.run();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
