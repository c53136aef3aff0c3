// e. One instance SIGKILLed under steady load through nginx: every request sent after the kill
//    succeeds (nginx passes requests on), and at most the requests in flight at the kill fail.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONNECTIONS, GetLoad, Sent } from '../lib/load';
import { alive, killProcess } from '../lib/processes';
import { HostsContext, upstreamOf } from './context';
import { accessLogEntries } from './nginx';

const LOAD_MS = 6000;
const KILL_AFTER_MS = 2000;

const failedRequest = (r: Sent) => r.error !== undefined || r.status >= 500 || r.status === 0;

export async function killUnderLoad({ hosts, nginx, test, figures }: HostsContext, slug: string): Promise<void> {
  const { check, log } = test;
  const victim = hosts[1];
  const survivor = hosts[0];
  const logLinesBefore = accessLogEntries(nginx).length;
  const errorLogBefore = readFileSync(nginx.errorLog, 'utf8').length;
  const started = Date.now();
  const load = new GetLoad(nginx.url, {
    connections: CONNECTIONS,
    paths: ['/api/articles?limit=10', '/api/tags', `/api/articles/${slug}`],
  });
  await sleep(KILL_AFTER_MS);
  const killed = { at: Date.now(), inFlight: load.inFlight };
  await killProcess(victim.server!.child!);
  await sleep(Math.max(0, started + LOAD_MS - Date.now()));
  const requests = await load.stop();

  const failures = requests.filter(failedRequest);
  const afterKill = requests.filter((r) => r.start > killed.at);
  const failedAfterKill = afterKill.filter(failedRequest);
  await test
    .waitFor(
      'the access log to catch up',
      () => accessLogEntries(nginx).length - logLinesBefore >= requests.length,
      3000,
    )
    .catch(() => undefined);
  const entries = accessLogEntries(nginx).slice(logLinesBefore);
  const passedOn = entries.filter((e) => e.upstreams.length > 1).length;
  // What nginx noticed about the dead instance (its passive health check): one line per failed try.
  const upstreamErrors = readFileSync(nginx.errorLog, 'utf8')
    .slice(errorLogBefore)
    .split('\n')
    .filter((line) => line.includes(victim.address));
  const errorKinds = [...new Set(upstreamErrors.map((line) => /\] \d+#\d+: \*\d+ (.*?) while /.exec(line)?.[1]))]
    .filter(Boolean)
    .join('; ');
  const answeredBy = (addr: string) => entries.filter((e) => e.upstreams.at(-1) === addr).length;
  figures.push({
    scenario: `e. SIGKILL instance ${victim.name} under load`,
    requests: requests.length,
    failed: failures.length,
    detail:
      `${killed.inFlight} in flight at the kill; ${afterKill.length} sent after it, ${failedAfterKill.length} failed; ` +
      `${passedOn} passed on by nginx; answered by ${survivor.name} ${answeredBy(upstreamOf(survivor))}, ${victim.name} ${answeredBy(upstreamOf(victim))}`,
  });
  const reasons = [...new Set(failures.map((r) => r.error ?? r.status))].join(', ');
  log(
    `e. ${requests.length} GETs through nginx from ${CONNECTIONS} keep-alive clients over ${LOAD_MS / 1000} s; ${victim.name} SIGKILLed at ${
      KILL_AFTER_MS / 1000
    } s with ${killed.inFlight} in flight: ${failures.length} failed${reasons ? ` (${reasons})` : ''}, ${passedOn} passed on to another instance by nginx`,
  );
  log(
    `e. nginx's error log: ${upstreamErrors.length} failed tries on ${victim.name}${errorKinds ? ` (${errorKinds})` : ''}`,
  );
  check(afterKill.length > 0, `e. the load went on after the kill (${afterKill.length} requests)`);
  check(failedAfterKill.length === 0, `e. every request sent after the kill succeeded (${afterKill.length})`);
  check(
    failures.length <= killed.inFlight,
    `e. failures (${failures.length}) at most the requests in flight at the kill (${killed.inFlight})`,
  );
  check(alive(survivor.server?.child), `e. instance ${survivor.name} is still up`);
}
