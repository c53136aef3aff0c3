// `npm run test:realworld`: the official RealWorld 2.0.0 API suite (its Bruno collection, see
// ../shared/realworld-spec/ORIGIN.md) against the built server, once on a fresh SQLite file and once
// on a fresh database on the machine's MariaDB (127.0.0.1:3306, root). Every folder but environments/
// is one `bru run`; the counts come from its JSON report. Exits non-zero when a request failed or a
// folder ran none. The server, the database and the temporary folder go away at the end, also on
// failure and on SIGINT/SIGTERM. The collection is only read: reports are written to the temp folder.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/processes';
import { runScriptTest, ScriptTest } from '../lib/script-test';
import { Bruno } from './bruno';
import { runTarget, Totals } from './run-target';
import { targets } from './targets';

type Summary = (Totals & { name: string })[];

async function allTargets(test: ScriptTest, brunoDir: string, summary: Summary): Promise<void> {
  const work = test.cleanup.tempDir('conduit-realworld-');
  const bruno = new Bruno(brunoDir, work);
  // A signal ends the bru run at once; the run then stops its server and drops its database itself.
  test.cleanup.add('stop bru', () => bruno.stop());
  for (const target of targets(test, work)) {
    if (test.stopping) {
      break;
    }
    summary.push({ name: target.name, ...(await runTarget(test, work, bruno, target)) });
  }
  test.failed = summary.some((target) => !target.ok);
}

function main(): void {
  const test = new ScriptTest('test:realworld');
  const specDir = path.resolve(process.env.REALWORLD_SPEC_DIR ?? path.join(ROOT, '../shared/realworld-spec'));
  const brunoDir = path.join(specDir, 'bruno');
  const missing = [
    ['dist/main.js', 'run `npm run test:realworld`, which builds first'],
    ['node_modules/.bin/bru', 'run `npm ci` (@usebruno/cli is a devDependency)'],
  ].find(([file]) => !existsSync(path.join(ROOT, file)));
  if (!existsSync(path.join(brunoDir, 'bruno.json'))) {
    test.log(
      `${process.env.CI ? 'FAILED' : 'skipped'}: no RealWorld Bruno collection at ${brunoDir}: copy specs/api/ of ` +
        'github.com/realworld-apps/realworld to ../shared/realworld-spec, or set REALWORLD_SPEC_DIR to such a copy',
    );
    process.exit(process.env.CI ? 1 : 0);
  } else if (missing) {
    test.log(`FAILED: ${missing[0]} is missing: ${missing[1]}`);
    process.exit(1);
  } else {
    const summary: Summary = [];
    runScriptTest(test, () => allTargets(test, brunoDir, summary), {
      report: () => {
        const figures = summary.map((target) => `${target.name} ${target.passed}/${target.total}`).join(', ');
        test.log(`${test.signalled ? 'interrupted' : test.failed ? 'FAILED' : 'passed'}: ${figures}`);
      },
    });
  }
}

main();
