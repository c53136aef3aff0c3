import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, IsIn, IsOptional, IsUrl, Matches, validateSync, ValidationError } from 'class-validator';
import { PASSWORD_HASH_PRIORITIES, PasswordHashPriority } from '../auth/password-hash-priority';
import { DB_TYPES, DbType } from '../database/database-type';
import { LOG_FORMATS, LOG_LEVELS, LogFormat, LogLevel } from '../logging/log-options';
import { commaList, EnvBool, EnvInt, EnvNumber, EnvString } from './env.decorators';
import {
  AboveCheckInterval,
  LongInProduction,
  PortsInRange,
  ReplicatedServer,
  RequiredInProduction,
  RequiredWithReplicas,
} from './env.rules';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const DEVELOPMENT_JWT_SECRET = 'conduit-development-only-secret-never-use-in-production';

const DURATION = /^\d+(ms|s|m|h|d)?$/;
const BYTE_SIZE = /^\d+(b|kb|mb)?$/i;
const HOST_PORT = String.raw`[A-Za-z0-9._-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?`;
const READ_HOSTS = new RegExp(String.raw`^\s*${commaList(HOST_PORT)}\s*$`);
const ORIGINS = new RegExp(String.raw`^(\*|${commaList(String.raw`https?:\/\/[^\s,]+`)})$`);
const PROXY = String.raw`loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?`;
const TRUSTED_PROXIES = new RegExp(String.raw`^(true|false|\d{1,2}|${commaList(PROXY)})$`);

/**
 * Every environment variable the server reads, with its default. `.env.example` documents each one.
 * Empty strings count as unset, so `PORT=` in a `.env` file falls back to the default. A property's
 * decorators run bottom-up and the first failure is reported: the format comes last, cross-field
 * rules (env.rules.ts) above it.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @EnvString()
  HOST = '0.0.0.0';

  @EnvInt(1, 65535)
  PORT = 3000;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  @IsIn(DB_TYPES)
  DB_TYPE: DbType = 'sqlite';

  @EnvString()
  DB_PATH = 'data/conduit.sqlite';

  @EnvString()
  DB_HOST = '127.0.0.1';

  @EnvInt(1, 65535)
  DB_PORT = 3306;

  @EnvString()
  DB_USER = 'root';

  @EnvString()
  DB_PASSWORD = '';

  @Matches(/^[A-Za-z0-9_$]{1,64}$/, { message: 'DB_NAME must be 1-64 letters, digits, _ or $' })
  DB_NAME = 'conduit';

  @EnvInt(1, 1000)
  DB_POOL_SIZE = 10;

  @IsOptional()
  @EnvBool()
  DB_MIGRATIONS_RUN?: boolean;

  /** Read replicas, `host:port,host:port` (port 3306 when left out): plain reads go to them. Unset: all to DB_HOST. */
  @IsOptional()
  @PortsInRange()
  @ReplicatedServer()
  @Matches(READ_HOSTS, { message: 'DB_READ_HOSTS must be a comma-separated list of host or host:port' })
  DB_READ_HOSTS?: string;

  /** The replicas' user and password; default DB_USER and DB_PASSWORD. */
  @IsOptional()
  @EnvString()
  DB_READ_USER?: string;

  @IsOptional()
  @EnvString()
  DB_READ_PASSWORD?: string;

  /** A replica further behind the primary than this (heartbeat age, seconds) is taken out of reads. */
  @AboveCheckInterval()
  @EnvNumber(0.1, 3600)
  DB_READ_MAX_LAG_S = 5;

  /** How often each worker writes the heartbeat on the primary and checks every replica's lag. */
  @EnvInt(100, 60_000)
  DB_READ_CHECK_INTERVAL_MS = 1000;

  @RequiredInProduction()
  @LongInProduction()
  @EnvString(512)
  JWT_SECRET?: string;

  @Matches(DURATION, { message: 'JWT_EXPIRES_IN must be a number of seconds or a duration such as 15m, 12h, 7d' })
  JWT_EXPIRES_IN = '7d';

  /** Comma-separated secrets that still verify tokens (never sign them) while JWT_SECRET rotates. */
  @IsOptional()
  @LongInProduction({ list: true })
  @EnvString(4096)
  JWT_PREVIOUS_SECRETS?: string;

  @EnvString(256)
  JWT_ISSUER = 'conduit-api';

  @EnvString(256)
  JWT_AUDIENCE = 'conduit';

  /** Seconds of clock difference tolerated on `exp`, `nbf` and `iat`. */
  @EnvInt(0, 300)
  JWT_CLOCK_TOLERANCE_S = 5;

  @EnvBool()
  RATE_LIMIT_ENABLED = true;

  /** Requests per minute, client IP and route, on every route but the health probes. */
  @EnvInt(1, 1_000_000)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Login and registration attempts per minute and client IP. */
  @EnvInt(1, 1_000_000)
  RATE_LIMIT_AUTH_PER_MINUTE = 20;

  /** Login and registration attempts per minute and email address, whatever the IP. */
  @EnvInt(1, 1_000_000)
  RATE_LIMIT_AUTH_PER_EMAIL_PER_MINUTE = 5;

  /** Rate-limit counters in Redis (shared by every worker and host) instead of each process's memory. */
  @RequiredWithReplicas()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['redis', 'rediss'] },
    { message: 'REDIS_URL must be a redis:// or rediss:// URL' },
  )
  REDIS_URL?: string;

  /** Prefix of every key the server writes in Redis, so several deployments can share one server. */
  @Matches(/^[A-Za-z0-9:_.-]{0,64}$/, { message: 'REDIS_KEY_PREFIX must be up to 64 letters, digits, : _ . or -' })
  REDIS_KEY_PREFIX = 'conduit:';

  /** Allowed browser origins: `*`, or a comma-separated list. Default: any in development, none otherwise. */
  @IsOptional()
  @Matches(ORIGINS, { message: 'CORS_ORIGINS must be * or a comma-separated list of http(s) origins' })
  CORS_ORIGINS?: string;

  /** Express's `trust proxy`: false, true, a number of hops, or comma-separated addresses/subnets. */
  @Matches(TRUSTED_PROXIES, {
    message: 'TRUST_PROXY must be true, false, a number of proxies, or addresses/subnets such as loopback,10.0.0.0/8',
  })
  TRUST_PROXY = 'false';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Default: pretty in development, JSON lines otherwise. */
  @IsOptional()
  @IsIn(LOG_FORMATS)
  LOG_FORMAT?: LogFormat;

  @EnvInt(0, 600_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Password hashes computed at once per process; unset: see auth/password-hashing/process-scheduling.ts. */
  @IsOptional()
  @EnvInt(1, 64)
  PASSWORD_HASH_CONCURRENCY?: number;

  /** The hashing process's CPU priority: idle (SCHED_IDLE where Linux allows), low (nice 19), normal. */
  @IsIn(PASSWORD_HASH_PRIORITIES)
  PASSWORD_HASH_PRIORITY: PasswordHashPriority = 'idle';

  @EnvBool()
  METRICS_ENABLED = true;

  @Matches(BYTE_SIZE, { message: 'BODY_LIMIT must be a size such as 1mb, 512kb or 1048576' })
  BODY_LIMIT = '1mb';
}

/** The names of the variables EnvironmentVariables declares, in order: all the server reads. */
export const ENVIRONMENT_VARIABLE_NAMES: readonly string[] = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
      .map((metadata) => metadata.propertyName),
  ),
];

export class EnvValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'EnvValidationError';
  }
}

/** A valid environment, and what to log about it once at startup. */
export interface ParsedEnvironment {
  env: EnvironmentVariables;
  /** Settings that work but must not reach production as they are. */
  warnings: string[];
}

const flatten = (errors: ValidationError[]): string[] =>
  errors.flatMap((error) => Object.values(error.constraints ?? {}).concat(flatten(error.children ?? [])));

/**
 * Parses and validates `raw` afresh (config factories use loadEnvironment(), which keeps the result).
 * Throws EnvValidationError with one message per bad variable.
 */
export function parseEnvironment(raw: Record<string, unknown>): ParsedEnvironment {
  const set = Object.fromEntries(
    ENVIRONMENT_VARIABLE_NAMES.map((name) => [name, raw[name]]).filter(
      ([, value]) => value !== undefined && value !== '',
    ),
  ) as Record<string, unknown>;
  const env = plainToInstance(EnvironmentVariables, set, { exposeDefaultValues: true });
  const problems = flatten(validateSync(env, { stopAtFirstError: true }));
  if (problems.length > 0) {
    throw new EnvValidationError(problems);
  }
  const warnings =
    env.JWT_SECRET === undefined && env.NODE_ENV !== 'test'
      ? [
          'JWT_SECRET is not set: signing tokens with a public development secret. Set JWT_SECRET (32+ characters) before exposing this server.',
        ]
      : [];
  return { env, warnings };
}

/** The valid environment in `raw`, parsed afresh; throws EnvValidationError. */
export function parseEnv(raw: Record<string, unknown>): EnvironmentVariables {
  return parseEnvironment(raw).env;
}
