// `npm run test:hosts`: several app hosts behind a load balancer, on one machine. The test builds a
// small network of its own (a bridge, two network namespaces with a veth pair each, so every app
// instance has its own address), serves a private MariaDB and a private Redis on the bridge address,
// runs the built server once in each namespace, and puts nginx (Debian's package, unpacked into a
// temporary folder, never installed as a service) in front of them with deploy/nginx/conduit.conf,
// rendered with the test's upstream addresses (see the top of that file). Then:
//   a. a token issued by one instance is accepted by the other (tokens.ts);
//   b. the per-email login limit holds across both instances (login-limit.ts);
//   c. through nginx, both instances receive requests, and the request id is forwarded (distribution.ts);
//   d. GET /api/tags throughput through nginx with both instances up, and with one (throughput.ts);
//   e. one instance SIGKILLed under steady load through nginx (kill-under-load.ts);
//   f. the other one killed too: nginx answers a prompt 503 in the API's error shape (all-down.ts).
// Everything it started is stopped by process id, and everything it created (namespaces, veths,
// bridge, temporary folder) is deleted at the end, also on failure, SIGINT and SIGTERM. Traffic goes
// only to loopback and to the addresses the test created. Needs root (network namespaces).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync } from 'node:fs';
import type { SingleArticleResponse } from '../../src/articles/article.dto';
import { apiRequest } from '../lib/http';
import { alive, buildIfMissing } from '../lib/processes';
import { runScriptTest, ScriptTest } from '../lib/script-test';
import { allDown } from './all-down';
import { startApps } from './apps';
import { Figure, HostsContext, upstreamOf } from './context';
import { distribution } from './distribution';
import { killUnderLoad } from './kill-under-load';
import { sharedLoginLimit } from './login-limit';
import { TestNetwork } from './network';
import { startNginx } from './nginx';
import { Services, startServices } from './services';
import { tagsLoad, throughput } from './throughput';
import { tokensAcrossInstances } from './tokens';

const WATCHDOG_MS = 5 * 60 * 1000;

/** What the test created, for the check that nothing of it is left. */
interface Created {
  work?: string;
  network?: TestNetwork;
  services?: Services;
  context?: HostsContext;
}

async function setUp(test: ScriptTest, created: Created, figures: Figure[]): Promise<HostsContext> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      'not root: creating network namespaces, veth pairs and a bridge needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN); run as root',
    );
  }
  buildIfMissing();
  const work = test.cleanup.tempDir('conduit-hosts-');
  created.work = work;
  // nginx's workers run as nobody and write their temp files below it: let them through (not list).
  chmodSync(work, 0o711);
  const network = new TestNetwork(randomBytes(3).toString('hex').slice(0, 5));
  created.network = network;
  test.cleanup.add('delete the network', () => network.delete());
  try {
    test.refuseIfStopping('creating the network');
    test.log(`network: ${network.create()}`);
  } catch (error) {
    throw new Error(`cannot create the test network (namespaces, veths, bridge): ${(error as Error).message}`);
  }
  const { hosts, gateway } = network;
  const services = await startServices(test, work, gateway);
  created.services = services;
  await startApps(test, work, hosts, gateway, services);
  const nginx = await startNginx(test, work, hosts.map(upstreamOf));
  test.showOnFailure(nginx.errorLog, { label: 'nginx/logs/error.log' });
  created.context = { test, hosts, nginx, figures };
  return created.context;
}

async function scenarios(test: ScriptTest, created: Created, figures: Figure[]): Promise<void> {
  const context = await setUp(test, created, figures);
  const { hosts, test: t } = context;
  const token = await tokensAcrossInstances(context);
  let slug: string | undefined;
  for (const title of ['Behind a balancer', 'Two hosts', 'One database']) {
    const article = await apiRequest<SingleArticleResponse>(hosts[0].url, 'POST', '/api/articles', {
      token,
      body: { article: { title, description: 'read under load', body: 'text', tagList: ['hosts', 'nginx'] } },
    });
    t.check(article.status === 201, `created article "${title}" through instance A`);
    slug ??= article.body.article.slug;
  }
  await sharedLoginLimit(context);
  await distribution(context);

  // Warm both instances up first (JIT, pools, keep-alive connections): cold, the first seconds run at
  // about half speed, and the one-instance figure below is taken on an instance the kill scenario
  // has warmed thoroughly.
  await tagsLoad(context);
  const both = await throughput(context, 'both instances up');
  await killUnderLoad(context, slug!);
  const one = await throughput(context, `one instance up (${hosts[1].name} killed)`);
  const ratio = both / one;
  t.log(`d. throughput both/one = ${ratio.toFixed(2)} (reported, not asserted: two instances share two cores)`);
  figures.push({ scenario: 'd. throughput both / one', detail: `${ratio.toFixed(2)} (not asserted)` });
  await allDown(context);
}

/** What cleanup should have removed and did not. */
function leftBehind({ work, network, services, context }: Created): string[] {
  const left = network?.leftBehind() ?? [];
  const children = [
    ['nginx', context?.nginx.child],
    ...(network?.hosts ?? []).map((h) => [`app ${h.name}`, h.server?.child] as const),
    ['redis', services?.redis],
    ['mariadb', services?.mariadb.process],
  ] as const;
  for (const [name, child] of children) {
    if (child && alive(child)) {
      left.push(`${name} (pid ${child.pid})`);
    }
  }
  if (work && existsSync(work)) {
    left.push(work);
  }
  return left;
}

function main(): void {
  const test = new ScriptTest('test:hosts');
  const created: Created = {};
  const figures: Figure[] = [];
  runScriptTest(test, () => scenarios(test, created, figures), {
    watchdogMs: WATCHDOG_MS,
    report: () => {
      const left = leftBehind(created);
      if (left.length > 0) {
        test.failed = true;
        test.log(`FAILED: left behind: ${left.join(', ')}`);
      }
      console.log('\n[test:hosts] figures');
      console.table(figures, ['scenario', 'requests', 'req/s', 'failed', 'detail']);
    },
  });
}

main();
