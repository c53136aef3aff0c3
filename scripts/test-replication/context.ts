// What every test:replication scenario works with, built by main.ts and passed to each.
import { Api } from '../lib/http';
import { READER, ReplicationPair } from '../lib/replication-pair';
import { ScriptTest } from '../lib/script-test';

export const MAX_LAG_S = 2;
export const CHECK_INTERVAL_MS = 250;

export interface ReplicationContext {
  test: ScriptTest;
  pair: ReplicationPair;
  /** The machine's Redis (rate limits), under a key prefix of this run's own. */
  redis: { url: string; prefix: string };
  /** Printed at the end as JSON. */
  figures: Record<string, unknown>;
}

/** A running server on the pair, for the scenarios after the e2e suites. */
export interface ServerContext extends ReplicationContext {
  baseUrl: string;
  api: Api;
}

/** The settings of a server that writes to the primary and reads from the replica. */
export function databaseEnv({ pair, redis }: ReplicationContext, database: string): Record<string, string> {
  return {
    ...pair.primary.env(database),
    DB_READ_HOSTS: `127.0.0.1:${pair.replica.port}`,
    DB_READ_USER: READER.user,
    DB_READ_PASSWORD: READER.password,
    DB_READ_MAX_LAG_S: String(MAX_LAG_S),
    DB_READ_CHECK_INTERVAL_MS: String(CHECK_INTERVAL_MS),
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.prefix,
  };
}

/** Counters after minus before, key by key. */
export const difference = (after: Record<string, number>, before: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));

/** The sum of a metric's series whose labels include `labels`. */
export async function metric(baseUrl: string, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && wanted.every((label) => line.includes(label)))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

export const replicaName = ({ pair }: ReplicationContext): string => `127.0.0.1:${pair.replica.port}`;

/** Reads the server sent to the replica. */
export const replicaReads = (context: ServerContext): Promise<number> =>
  metric(context.baseUrl, 'db_reads_total', { target: replicaName(context), reason: 'replica' });

export interface ReplicaHealth {
  up: boolean;
  inRotation: boolean;
  lagSeconds: number;
}

/** The replica's entry in GET /health. */
export async function replicaHealth({ api }: ServerContext): Promise<ReplicaHealth> {
  const { body } = await api<{ details: { replicas: Record<string, unknown> } }>('GET', '/health');
  return Object.values(body.details.replicas).find((value) => typeof value === 'object') as ReplicaHealth;
}
