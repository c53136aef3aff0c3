import { EnvRule, RequiredWhen } from './env.decorators';
import type { EnvironmentVariables } from './env.validation';
import { parseHostList, splitList } from './lists';

// The rules that tie one variable to others, as decorators on the variable they are about.

export const MIN_PRODUCTION_SECRET_LENGTH = 32;

const inProduction = (env: EnvironmentVariables) => env.NODE_ENV === 'production';
const withReplicas = (env: EnvironmentVariables) => env.DB_READ_HOSTS !== undefined;

/** JWT_SECRET: outside production an unset secret means the public development one. */
export const RequiredInProduction = () => RequiredWhen(inProduction, '$property is required when NODE_ENV=production');

/** JWT_SECRET, or each secret of a comma-separated `list` (JWT_PREVIOUS_SECRETS), is long in production. */
export const LongInProduction = ({ list = false } = {}) =>
  EnvRule<EnvironmentVariables, string>(
    list ? 'eachLongInProduction' : 'longInProduction',
    (value, env) =>
      !inProduction(env) ||
      (list ? splitList(value) : [value]).every((secret) => secret.length >= MIN_PRODUCTION_SECRET_LENGTH),
    `${list ? 'each of ' : ''}$property must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production`,
  );

/** DB_READ_HOSTS: replicas are MySQL/MariaDB servers. */
export const ReplicatedServer = () =>
  EnvRule<EnvironmentVariables, string>(
    'replicatedServer',
    (_hosts, env) => env.DB_TYPE !== 'sqlite',
    '$property needs DB_TYPE=mysql or mariadb: the embedded SQLite file has no replicas',
  );

/** DB_READ_HOSTS: every port given is a TCP port. */
export const PortsInRange = () =>
  EnvRule<EnvironmentVariables, string>(
    'portsInRange',
    (hosts) => parseHostList(hosts).every(({ port }) => port >= 1 && port <= 65535),
    'each port in $property must be 1-65535',
  );

/** REDIS_URL: read-your-writes with replicas keeps its state in Redis. */
export const RequiredWithReplicas = () =>
  RequiredWhen(
    withReplicas,
    "DB_READ_HOSTS needs $property: a client's own writes are routed to the primary for a while, and every worker and host must know it",
  );

/**
 * DB_READ_MAX_LAG_S: with replicas, at least twice DB_READ_CHECK_INTERVAL_MS (an interval that is no
 * number has its own message, so the comparison only fails on two numbers).
 */
export const AboveCheckInterval = () =>
  EnvRule<EnvironmentVariables, number>(
    'aboveCheckInterval',
    (maxLagS, env) => !withReplicas(env) || !(maxLagS * 1000 < 2 * env.DB_READ_CHECK_INTERVAL_MS),
    '$property must be at least twice DB_READ_CHECK_INTERVAL_MS: a replica that is caught up shows up to one interval of lag',
  );
