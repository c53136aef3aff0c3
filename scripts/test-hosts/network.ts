// The test's own network: a bridge, and per host a network namespace with a veth pair on it. Each
// name is recorded before it is created, so that cleanup finds everything, also after a failure.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { run } from '../lib/processes';
import { APP_PORT, Host } from './context';

/** A 10.200.N.0/24 that no interface or route of the machine uses. */
function pickSubnet(): number {
  const inUse = ['-4 -o addr show', '-4 route show table all']
    .map((args) => spawnSync('ip', args.split(' '), { encoding: 'utf8' }).stdout ?? '')
    .join('\n');
  for (let attempt = 0; attempt < 200; attempt++) {
    const n = randomInt(2, 251);
    if (!new RegExp(`(^|[^\\d])10\\.200\\.${n}\\.`).test(inUse)) {
      return n;
    }
  }
  throw new Error('no free 10.200.N.0/24 found');
}

const linkExists = (link: string): boolean => spawnSync('ip', ['link', 'show', link], { stdio: 'ignore' }).status === 0;

export class TestNetwork {
  readonly bridge: string;
  readonly hosts: Host[];
  gateway = '';
  private readonly created: { bridge?: string; links: string[]; namespaces: string[] } = { links: [], namespaces: [] };

  /** @param suffix a few random characters in every name: interface names have at most 15 */
  constructor(suffix: string) {
    this.bridge = `cnbr${suffix}`;
    this.hosts = ['a', 'b'].map((name, i) => ({
      name: name.toUpperCase(),
      ns: `conduit-${suffix}-${name}`,
      veth: `cnv${suffix}${name}`,
      peer: `cnp${suffix}${name}`,
      octet: 11 + i,
      address: '',
      url: '',
      logFile: '',
    }));
  }

  create(): string {
    const n = pickSubnet();
    this.gateway = `10.200.${n}.1`;
    this.created.bridge = this.bridge;
    run('ip', ['link', 'add', this.bridge, 'type', 'bridge']);
    run('ip', ['addr', 'add', `${this.gateway}/24`, 'dev', this.bridge]);
    run('ip', ['link', 'set', this.bridge, 'up']);
    for (const host of this.hosts) {
      host.address = `10.200.${n}.${host.octet}`;
      host.url = `http://${host.address}:${APP_PORT}`;
      this.created.namespaces.push(host.ns);
      run('ip', ['netns', 'add', host.ns]);
      run('ip', ['-n', host.ns, 'link', 'set', 'lo', 'up']);
      this.created.links.push(host.veth);
      run('ip', ['link', 'add', host.veth, 'type', 'veth', 'peer', 'name', host.peer]);
      run('ip', ['link', 'set', host.peer, 'netns', host.ns]);
      run('ip', ['link', 'set', host.veth, 'master', this.bridge]);
      run('ip', ['link', 'set', host.veth, 'up']);
      run('ip', ['-n', host.ns, 'addr', 'add', `${host.address}/24`, 'dev', host.peer]);
      run('ip', ['-n', host.ns, 'link', 'set', host.peer, 'up']);
    }
    return `bridge ${this.bridge} ${this.gateway}/24; ${this.hosts.map((h) => `${h.ns} ${h.address}`).join(', ')}`;
  }

  delete(): void {
    for (const ns of this.created.namespaces) {
      // Only processes the test started can be in its own namespaces; none should be left by now.
      const pids = (spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '').split(/\s+/);
      for (const pid of pids.filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    }
    // A veth usually went with its namespace: its peer was in it.
    for (const link of this.links().filter(linkExists)) {
      spawnSync('ip', ['link', 'del', link], { stdio: 'ignore' });
    }
  }

  /** The namespaces and links still there. */
  leftBehind(): string[] {
    return [
      ...this.created.namespaces.filter((ns) => existsSync(`/run/netns/${ns}`)),
      ...this.links().filter(linkExists),
    ];
  }

  private links(): string[] {
    return [...this.created.links, ...(this.created.bridge ? [this.created.bridge] : [])];
  }
}
