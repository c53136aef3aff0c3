// Every folder of the collection against one database, through one server.
import path from 'node:path';
import { AppServer } from '../lib/app-server';
import { ScriptTest } from '../lib/script-test';
import { Bruno, requestFailed } from './bruno';
import { Target } from './targets';

export interface Totals {
  passed: number;
  total: number;
  ok: boolean;
}

export async function runTarget(test: ScriptTest, work: string, bruno: Bruno, target: Target): Promise<Totals> {
  const { log } = test;
  const started = Date.now();
  const totals = { passed: 0, total: 0, ok: true };
  let server: AppServer | undefined;
  let drop: (() => Promise<void>) | undefined;
  try {
    const database = await target.setup();
    drop = database.drop;
    test.refuseIfStopping(`running on ${target.name}`);
    // Every 4xx of the error folders is a warn line: kept in a file, shown when the server misbehaves.
    server = new AppServer({
      env: database.env,
      logFile: path.join(work, `${target.name}-server.log`),
      waitFor: test.waitFor,
    });
    test.cleanup.add(`stop the server on ${target.name}`, () => server?.stop());
    const baseUrl = await server.start();
    for (const folder of bruno.folders()) {
      const { error, output, iterations } = await bruno.runFolder(target.name, folder, baseUrl);
      test.refuseIfStopping(`running on ${target.name}`);
      if (!iterations) {
        totals.ok = false;
        log(`${target.name}: ${folder}: bru wrote no report (${error?.killed ? 'timed out' : error?.message})`);
        console.log(output.trimEnd().split('\n').slice(-20).join('\n'));
        continue;
      }
      const total = iterations.reduce((sum, iteration) => sum + iteration.summary.totalRequests, 0);
      const passed = iterations.reduce((sum, iteration) => sum + iteration.summary.passedRequests, 0);
      totals.total += total;
      totals.passed += passed;
      const ok = total > 0 && passed === total && !error;
      totals.ok &&= ok;
      const note = total === 0 ? ' (no requests ran)' : passed === total && error ? ` (bru: ${error.message})` : '';
      log(`${target.name}: ${folder} ${passed}/${total}${ok ? '' : ' FAILED'}${note}`);
      for (const result of iterations.flatMap((iteration) => iteration.results).filter(requestFailed)) {
        bruno.describeFailure(result).forEach(log);
      }
    }
    // 4xx are warnings here, expected from the error folders; anything at error level (a 500) is a bug.
    const errors = server.errorLines();
    if (errors.length > 0) {
      totals.ok = false;
      log(`${target.name}: FAILED: the server logged ${errors.length} error(s), the first ones:`);
      console.log(errors.slice(0, 5).join('\n'));
    }
  } catch (error) {
    totals.ok = false;
    log(`${target.name}: FAILED: ${(error as Error).message}`);
  } finally {
    await server?.stop();
    await drop?.();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`${target.name}: ${totals.passed}/${totals.total} requests passed (${seconds} s)`);
  return totals;
}
