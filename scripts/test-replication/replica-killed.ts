// 3. The replica SIGKILLed under steady read load: failed requests are counted (at most those in
//    flight on the dead connections), reads move to the primary, and return to the replica once it
//    is restarted, without restarting the server.
import { setTimeout as sleep } from 'node:timers/promises';
import { CONNECTIONS, GetLoad, tally } from '../lib/load';
import { ReplicationPair } from '../lib/replication-pair';
import { difference, metric, replicaHealth, replicaReads, ServerContext } from './context';

export async function replicaKilled(context: ServerContext, slug: string): Promise<void> {
  const { baseUrl, pair, test, figures } = context;
  const { check, waitFor } = test;
  const paths = ['/api/articles?limit=10', `/api/articles/${slug}`, '/api/tags', '/api/profiles/writer'];
  const load = new GetLoad(baseUrl, { connections: CONNECTIONS, paths });

  await sleep(2000);
  const fallbacksBefore = await metric(baseUrl, 'db_read_fallbacks_total', {});
  process.kill(pair.replica.process!.pid!, 'SIGKILL');
  const killedAt = Date.now();
  await waitFor('/health to show the replica down', async () => !(await replicaHealth(context)).up, 10000);
  const detectedMs = Date.now() - killedAt;
  await sleep(2000);
  const primaryBefore = await ReplicationPair.counters(pair.primary);
  await sleep(1000);
  const primaryDuring = difference(await ReplicationPair.counters(pair.primary), primaryBefore);
  const fallbacks = (await metric(baseUrl, 'db_read_fallbacks_total', {})) - fallbacksBefore;

  await pair.replica.start();
  await waitFor('the restarted replica back in rotation', async () => (await replicaHealth(context)).inRotation, 30000);
  const back = Date.now() - killedAt;
  const restartedAt = Date.now();
  const replicaBefore = await replicaReads(context);
  await sleep(2000);
  const replicaAfter = (await replicaReads(context)) - replicaBefore;
  const sent = await load.stop();
  const result = tally(sent);
  const afterRestart = tally(sent.filter((request) => request.start >= restartedAt));
  const failed = result.errors + result.non2xx;

  figures.kill = {
    requests: result.sent,
    failed,
    statuses: result.statuses,
    detectedMs,
    primarySelectsPerSecondWhileDown: primaryDuring.select,
    fallbacks,
    backInRotationMs: back,
    replicaReadsAfterRestart: replicaAfter,
  };
  test.log(`replica killed under load: ${JSON.stringify(figures.kill)}`);
  check(
    failed <= CONNECTIONS,
    `failed requests (${failed} of ${result.sent}) at most those in flight at the kill (${CONNECTIONS})`,
  );
  check(fallbacks > 0 && primaryDuring.select > 0, `reads moved to the primary (${fallbacks} fallbacks)`);
  check(
    afterRestart.errors + afterRestart.non2xx === 0,
    `no failure after the restart (${afterRestart.sent} requests)`,
  );
  check(replicaAfter > 0, `reads returned to the restarted replica (${replicaAfter} reads in 2 s)`);
}
