// The services the app hosts share, on the bridge address (loopback is per namespace): a private
// MariaDB and a private Redis, both stopped at cleanup.
import { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { freePort, PrivateMariadb } from '../lib/private-mariadb';
import { alive, migrate, startDetached, stopProcess } from '../lib/processes';
import { ScriptTest } from '../lib/script-test';

export const DB_NAME = 'conduit_hosts';

export interface Services {
  mariadb: PrivateMariadb;
  redis: ChildProcess;
  redisUrl: string;
}

function redisPing(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    socket.setTimeout(1000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.on('timeout', () => socket.destroy(new Error('timeout')));
    socket.on('error', reject);
  });
}

export async function startServices(test: ScriptTest, work: string, gateway: string): Promise<Services> {
  const { log, waitFor } = test;
  const mariadb = new PrivateMariadb(path.join(work, 'db'), { host: gateway });
  test.showOnFailure(path.join(mariadb.dir, 'err.log'), {
    label: path.relative(work, path.join(mariadb.dir, 'err.log')),
  });
  test.cleanup.add('stop mariadb', () => mariadb.stop());
  test.refuseIfStopping('starting MariaDB');
  await mariadb.start();
  await mariadb.createDatabase(DB_NAME);
  migrate(mariadb.env(DB_NAME));
  log(`private MariaDB on ${gateway}:${mariadb.port}, database ${DB_NAME} migrated`);

  const redisDir = path.join(work, 'redis');
  mkdirSync(redisDir);
  test.showOnFailure(path.join(redisDir, 'redis.log'), { label: 'redis/redis.log' });
  const port = await freePort(gateway);
  test.refuseIfStopping('starting redis');
  const redis = startDetached('redis-server', [
    '--port',
    String(port),
    '--bind',
    gateway,
    '--save',
    '',
    '--appendonly',
    'no',
    // Protected mode refuses clients that are not on loopback when there is no password: it is
    // bound to the test's bridge only, which nothing but the test's namespaces reaches.
    '--protected-mode',
    'no',
    '--dir',
    redisDir,
    '--daemonize',
    'no',
    '--logfile',
    path.join(redisDir, 'redis.log'),
  ]);
  test.cleanup.add('stop redis', () => stopProcess(redis, { group: true }));
  await waitFor('redis-server to answer PING', () => {
    if (!alive(redis)) {
      throw new Error(`redis-server exited (see ${redisDir}/redis.log)`);
    }
    return redisPing(gateway, port);
  });
  log(`private Redis on ${gateway}:${port}`);
  return { mariadb, redis, redisUrl: `redis://${gateway}:${port}` };
}
