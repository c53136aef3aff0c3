import { registerAs } from '@nestjs/config';
import { parseEnv, parseHostList } from './env.validation';

/**
 * Read replicas (DB_READ_HOSTS). Without any, `replicas` is empty and every query goes to the
 * primary, as it always did.
 */
export const replicationConfig = registerAs('replication', () => {
  const env = parseEnv(process.env);
  const replicas = parseHostList(env.DB_READ_HOSTS).map(({ host, port }, index) => ({
    /** mysql2's PoolCluster node that TypeORM creates for this replica. */
    nodeId: `SLAVE${index}`,
    name: `${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
  }));
  const maxLagMs = Math.round(env.DB_READ_MAX_LAG_S * 1000);
  return {
    replicas,
    maxLagMs,
    checkIntervalMs: env.DB_READ_CHECK_INTERVAL_MS,
    /**
     * How long a user's reads stay on the primary after they wrote. A replica in rotation was at most
     * maxLag behind at its last check, which is at most one interval old, so by then it has the write;
     * one more second covers the check itself.
     */
    readYourWritesWindowMs: maxLagMs + env.DB_READ_CHECK_INTERVAL_MS + 1000,
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
  };
});

export type ReplicationConfig = ReturnType<typeof replicationConfig>;
