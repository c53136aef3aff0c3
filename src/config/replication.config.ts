import { registerAs } from '@nestjs/config';
import { loadEnvironment } from './environment';
import { parseHostList } from './lists';

/**
 * Read replicas (DB_READ_HOSTS). Without any, `replicas` is empty and every query goes to the
 * primary, as it always did.
 */
export const replicationConfig = registerAs('replication', () => {
  const env = loadEnvironment();
  const replicas = parseHostList(env.DB_READ_HOSTS).map(({ host, port }, index) => ({
    /** mysql2's PoolCluster node that TypeORM creates for this replica. */
    nodeId: `SLAVE${index}`,
    name: `${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
  }));
  const maxLagMs = Math.round(env.DB_READ_MAX_LAG_S * 1000);
  const checkIntervalMs = env.DB_READ_CHECK_INTERVAL_MS;
  /** How long the heartbeat and each replica's check may take before they count as failed. */
  const checkTimeoutMs = 1000;
  /** A replica whose last answered check is older than this is not used (its checks hang). */
  const staleAfterMs = 2 * checkIntervalMs + checkTimeoutMs;
  return {
    replicas,
    maxLagMs,
    checkIntervalMs,
    checkTimeoutMs,
    staleAfterMs,
    /**
     * How long a user's reads stay on the primary after they wrote. A replica is used only while its
     * last answered check, at most staleAfterMs old, found it at most maxLagMs behind; it falls behind
     * by at most a second per second, so it is never more than maxLagMs + staleAfterMs behind when
     * used. One more second covers the error of reading the primary's clock over the network.
     */
    readYourWritesWindowMs: maxLagMs + staleAfterMs + 1000,
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
  };
});

export type ReplicationConfig = ReturnType<typeof replicationConfig>;
