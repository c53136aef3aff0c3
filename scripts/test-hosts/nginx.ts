// nginx from Debian's package (unpacked into the test's folder unless it is installed), never a
// system service, with deploy/nginx/conduit.conf rendered for the test's hosts: the three
// substitutions documented at the top of that file, everything else as shipped.
import { ChildProcess, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { healthy } from '../lib/http';
import { freePort } from '../lib/private-mariadb';
import { alive, ROOT, run, startDetached, stopProcess } from '../lib/processes';
import { ScriptTest } from '../lib/script-test';

const NGINX_EXAMPLE = path.join(ROOT, 'deploy/nginx/conduit.conf');
const RENDERED_BY = 'scripts/test-hosts/nginx.ts';

export interface Nginx {
  dir: string;
  url: string;
  child: ChildProcess;
  accessLog: string;
  errorLog: string;
}

/** One line of the access log: request id, status and the instances tried, in order. */
export interface AccessLogEntry {
  line: string;
  status: number;
  upstreams: string[];
  rid: string | undefined;
}

function nginxBinary(work: string): string {
  const onPath = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout?.trim();
  if (onPath) {
    return onPath;
  }
  const pkg = path.join(work, 'nginx-pkg');
  mkdirSync(pkg);
  // Downloaded as root: tell apt not to hand the download to its sandbox user, who cannot write here.
  const download = () =>
    spawnSync('apt-get', ['-qq', '-o', 'APT::Sandbox::User=root', 'download', 'nginx', 'nginx-common'], {
      cwd: pkg,
      encoding: 'utf8',
    });
  let result = download();
  if (result.status !== 0) {
    run('apt-get', ['update', '-qq']);
    result = download();
  }
  if (result.status !== 0) {
    throw new Error(`apt-get download nginx nginx-common failed: ${result.stderr}`);
  }
  for (const deb of readdirSync(pkg).filter((file) => file.endsWith('.deb'))) {
    run('dpkg-deb', ['-x', deb, 'root'], { cwd: pkg });
  }
  return path.join(pkg, 'root/usr/sbin/nginx');
}

interface Rendering {
  /** `address:port` of every instance. */
  servers: string[];
  listen: string;
  logDir: string;
}

/**
 * deploy/nginx/conduit.conf with the test's instances, listen address and log folder; answers the
 * text and the parameters of its `server` lines.
 */
export function renderNginxExample(example: string, { servers, listen, logDir }: Rendering) {
  const block = /^([ \t]*)# BEGIN upstream servers\n([\s\S]*?)^[ \t]*# END upstream servers$/m;
  const found = block.exec(example);
  const firstServer = found && /^\s*server\s+\S+?((?:\s+[^;\s]+)*)\s*;/m.exec(found[2]);
  if (!found || !firstServer) {
    throw new Error(`${NGINX_EXAMPLE}: no server line between "# BEGIN upstream servers" and "# END upstream servers"`);
  }
  const indent = found[1];
  const parameters = firstServer[1];
  let rendered = example.replace(
    block,
    [
      `${indent}# BEGIN upstream servers (rendered by ${RENDERED_BY})`,
      ...servers.map((server) => `${indent}server ${server}${parameters};`),
      `${indent}# END upstream servers`,
    ].join('\n'),
  );
  const listenLine = /^([ \t]*)listen\s[^;]*;\s*# ADAPT: listen$/m;
  if (!listenLine.test(rendered)) {
    throw new Error(`${NGINX_EXAMPLE}: no "listen ...; # ADAPT: listen" line`);
  }
  rendered = rendered.replace(listenLine, `$1listen ${listen}; # rendered by ${RENDERED_BY}`);
  const accessLog = /^(\s*access_log\s+)\/var\/log\/nginx\//m;
  if (!accessLog.test(rendered)) {
    throw new Error(`${NGINX_EXAMPLE}: no access_log in /var/log/nginx/`);
  }
  return { text: rendered.replace(accessLog, `$1${logDir}/`), parameters: parameters.trim() };
}

/** A main configuration whose every path is in `dir`, including the rendered example. */
function mainConfiguration(dir: string): string {
  const temp = (name: string) => path.join(dir, 'temp', name);
  return [
    `# Written by ${RENDERED_BY}: a main configuration whose every path is in this folder.`,
    process.getuid?.() === 0 ? 'user nobody nogroup;' : '',
    'daemon off;',
    'worker_processes 1;',
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${path.join(dir, 'logs/error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    '  default_type application/octet-stream;',
    `  client_body_temp_path ${temp('client_body')};`,
    `  proxy_temp_path ${temp('proxy')};`,
    `  fastcgi_temp_path ${temp('fastcgi')};`,
    `  uwsgi_temp_path ${temp('uwsgi')};`,
    `  scgi_temp_path ${temp('scgi')};`,
    '  access_log off;',
    `  include ${path.join(dir, 'conduit.conf')};`,
    '}',
    '',
  ].join('\n');
}

/** nginx on a free loopback port in front of `servers`, stopped at cleanup. */
export async function startNginx(test: ScriptTest, work: string, servers: string[]): Promise<Nginx> {
  const binary = nginxBinary(work);
  const dir = path.join(work, 'nginx');
  for (const folder of ['logs', 'temp']) {
    mkdirSync(path.join(dir, folder), { recursive: true });
  }
  chmodSync(dir, 0o711);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const errorLog = path.join(dir, 'logs/error.log');
  const { text, parameters } = renderNginxExample(readFileSync(NGINX_EXAMPLE, 'utf8'), {
    servers,
    listen: `127.0.0.1:${port}`,
    logDir: path.join(dir, 'logs'),
  });
  writeFileSync(path.join(dir, 'conduit.conf'), text);
  writeFileSync(path.join(dir, 'lb.conf'), mainConfiguration(dir));
  const args = ['-p', `${dir}/`, '-e', errorLog, '-c', path.join(dir, 'lb.conf')];
  run(binary, [...args, '-t', '-q']);
  test.refuseIfStopping('starting nginx');
  const child = startDetached(binary, args, { logFile: path.join(dir, 'logs/stdout.log') });
  // Its own process group: the master and the workers it started.
  test.cleanup.add('stop nginx', () => stopProcess(child, { group: true }));
  await test.waitFor('nginx to answer', async () => {
    if (!alive(child)) {
      throw new Error(`nginx exited: ${readFileSync(errorLog, 'utf8')}`);
    }
    return healthy(url);
  });
  const version = spawnSync(binary, ['-v'], { encoding: 'utf8' }).stderr.trim();
  test.log(`${version} (${binary}) on ${url}, upstream servers rendered with "${parameters}"`);
  return { dir, url, child, accessLog: path.join(dir, 'logs/conduit.access.log'), errorLog };
}

/** The access log's lines: request id, status and the instances tried, in order. */
export function accessLogEntries(nginx: Nginx): AccessLogEntry[] {
  return readFileSync(nginx.accessLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => ({
      line,
      status: Number(/" (\d{3}) /.exec(line)?.[1]),
      upstreams: (/ upstream=(.*?) ustatus=/.exec(line)?.[1] ?? '')
        .split(/\s*,\s*|\s+:\s+/)
        .filter((a) => a && a !== '-'),
      rid: / rid=(\S+)$/.exec(line)?.[1],
    }));
}
