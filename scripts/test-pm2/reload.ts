// 1. `pm2 reload` under steady load: zero failed requests, zero non-2xx.
import { setTimeout as sleep } from 'node:timers/promises';
import { GetLoad, tally } from '../lib/load';
import { Pm2Context, readLoadOptions, WORKERS } from './context';
import { Worker } from './cluster';

export const restartsOf = (workers: Worker[]): number => workers.reduce((sum, w) => sum + w.restarts, 0);

export async function reloadUnderLoad(context: Pm2Context): Promise<void> {
  const { cluster, test, figures } = context;
  const before = cluster.workers();
  // Load from 2 s before the reload until 2 s after it has replaced the last worker.
  const load = new GetLoad(context.baseUrl, readLoadOptions(context));
  await sleep(2000);
  await cluster.reload();
  await sleep(2000);
  const result = tally(await load.stop());
  const after = cluster.workers();
  const restarts = restartsOf(after) - restartsOf(before);
  figures.push({
    scenario: 'pm2 reload under load',
    requests: result.sent,
    '2xx': result.ok,
    non2xx: result.non2xx,
    errors: result.errors,
    restarts,
  });
  test.check(restarts === WORKERS, `pm2 reload replaced all ${WORKERS} workers`);
  test.check(
    after.every((w) => w.status === 'online') && after.every((w) => !before.some((b) => b.pid === w.pid)),
    'every worker is a new, online process',
  );
  test.check(
    result.errors === 0,
    `reload: zero failed requests (${result.sent} sent)${result.errors ? `: ${result.errorCodes.slice(0, 5).join(', ')}` : ''}`,
  );
  test.check(result.non2xx === 0, `reload: zero non-2xx responses (${JSON.stringify(result.statuses)})`);
}
