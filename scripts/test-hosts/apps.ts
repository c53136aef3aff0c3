// The app instances, one per network namespace, on the shared MariaDB and Redis.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AppServer } from '../lib/app-server';
import { ScriptTest } from '../lib/script-test';
import { APP_PORT, EMAIL_LIMIT, Host } from './context';
import { DB_NAME, Services } from './services';

export async function startApps(
  test: ScriptTest,
  work: string,
  hosts: Host[],
  gateway: string,
  { mariadb, redisUrl }: Services,
): Promise<void> {
  const env = {
    NODE_ENV: 'production',
    HOST: '0.0.0.0',
    PORT: String(APP_PORT),
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ...mariadb.env(DB_NAME),
    DB_POOL_SIZE: '10',
    DB_MIGRATIONS_RUN: 'false',
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: 'conduit-hosts:',
    RATE_LIMIT_ENABLED: 'true',
    // All test traffic through nginx comes from one client (127.0.0.1): keep the general per-IP limit
    // out of the way of the load; the per-email login limit is the one checked.
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_AUTH_PER_MINUTE: '20',
    RATE_LIMIT_AUTH_PER_EMAIL_PER_MINUTE: String(EMAIL_LIMIT),
    // nginx reaches the instances from the bridge address: only it may set X-Forwarded-For.
    TRUST_PROXY: gateway,
  };
  await Promise.all(
    hosts.map((host) => {
      host.logFile = path.join(work, `app-${host.name.toLowerCase()}.log`);
      test.showOnFailure(host.logFile, { label: path.basename(host.logFile) });
      const server = new AppServer({
        env: { ...env, PUBLIC_URL: host.url },
        url: host.url,
        logFile: host.logFile,
        wrapper: ['ip', 'netns', 'exec', host.ns],
        waitFor: test.waitFor,
        startTimeoutMs: 45000,
      });
      host.server = server;
      test.refuseIfStopping(`starting app ${host.name}`);
      test.cleanup.add(`stop app ${host.name}`, () => server.stop());
      return server.start();
    }),
  );
  test.log(`app instances: ${hosts.map((h) => `${h.name} ${h.url} (pid ${h.server?.child?.pid})`).join(', ')}`);
}
