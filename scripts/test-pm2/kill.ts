// 2. SIGKILL of a worker under load: PM2 restarts it, the service keeps answering, at most the
//    requests in flight on that worker fail.
import { setTimeout as sleep } from 'node:timers/promises';
import { CONNECTIONS, GetLoad, tally } from '../lib/load';
import { LOAD_SECONDS, Pm2Context, readLoadOptions } from './context';

export async function killWorkerUnderLoad(context: Pm2Context): Promise<void> {
  const { cluster, test, figures } = context;
  const before = cluster.workers();
  const victim = before[0];
  const load = new GetLoad(context.baseUrl, readLoadOptions(context));
  const loadTime = sleep(LOAD_SECONDS * 1000);
  await sleep(2000);
  process.kill(victim.pid, 'SIGKILL');
  const killedAt = Date.now();
  await test.waitFor('PM2 to restart the killed worker', () =>
    cluster.workers().some((w) => w.id === victim.id && w.pid !== victim.pid && w.status === 'online'),
  );
  const restartedAfterMs = Date.now() - killedAt;
  await loadTime;
  const result = tally(await load.stop());
  const after = cluster.workers();
  const failedRequests = result.errors + result.non2xx;
  const restarts = after.find((w) => w.id === victim.id)!.restarts - victim.restarts;
  figures.push({
    scenario: 'SIGKILL one worker under load',
    requests: result.sent,
    '2xx': result.ok,
    non2xx: result.non2xx,
    errors: result.errors,
    failed: failedRequests,
    restartedAfterMs,
    restarts,
  });
  test.check(restarts === 1, `PM2 restarted the killed worker (${restartedAfterMs} ms after the kill)`);
  test.check(
    result.ok > 0 && after.every((w) => w.status === 'online'),
    'the service kept answering and both workers are online',
  );
  test.check(
    failedRequests <= CONNECTIONS,
    `at most the requests in flight on the killed worker failed: ${failedRequests} (bound: ${CONNECTIONS} connections)${failedRequests ? `: ${[...new Set(result.errorCodes)].join(', ')}` : ''}`,
  );
}
