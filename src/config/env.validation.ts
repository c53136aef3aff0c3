import { Logger } from '@nestjs/common';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';

import { PASSWORD_HASH_PRIORITIES, PasswordHashPriority } from '../auth/password-hash-priority';
export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const DB_TYPES = ['sqlite', 'mysql', 'mariadb'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['json', 'pretty'] as const;

export type NodeEnv = (typeof NODE_ENVS)[number];
export type DbType = (typeof DB_TYPES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];

export const MIN_PRODUCTION_SECRET_LENGTH = 32;
export const DEVELOPMENT_JWT_SECRET = 'conduit-development-only-secret-never-use-in-production';

const DURATION = /^\d+(ms|s|m|h|d)?$/;
const BYTE_SIZE = /^\d+(b|kb|mb)?$/i;
const HOST_PORT = String.raw`[A-Za-z0-9._-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?`;
const READ_HOSTS = new RegExp(`^\\s*(${HOST_PORT})(\\s*,\\s*(${HOST_PORT}))*\\s*$`);

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') {
    return value;
  }
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalized)) {
    return true;
  }
  if (['false', '0', 'no'].includes(normalized)) {
    return false;
  }
  return value;
};

/**
 * Every environment variable the server reads, with its default. `.env.example` documents each one.
 * Empty strings count as unset, so `PORT=` in a `.env` file falls back to the default.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  @Type(() => Number)
  @Min(1)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  @IsIn(DB_TYPES)
  DB_TYPE: DbType = 'sqlite';

  @IsString()
  @MinLength(1)
  DB_PATH = 'data/conduit.sqlite';

  @IsString()
  @MinLength(1)
  DB_HOST = '127.0.0.1';

  @Type(() => Number)
  @Min(1)
  @Max(65535)
  @IsInt()
  DB_PORT = 3306;

  @IsString()
  @MinLength(1)
  DB_USER = 'root';

  @IsString()
  DB_PASSWORD = '';

  @Matches(/^[A-Za-z0-9_$]{1,64}$/, { message: 'DB_NAME must be 1-64 letters, digits, _ or $' })
  DB_NAME = 'conduit';

  @Type(() => Number)
  @Min(1)
  @Max(1000)
  @IsInt()
  DB_POOL_SIZE = 10;

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'DB_MIGRATIONS_RUN must be true or false' })
  DB_MIGRATIONS_RUN?: boolean;

  /** Read replicas, `host:port,host:port` (port 3306 when left out): plain reads go to them. Unset: all to DB_HOST. */
  @IsOptional()
  @Matches(READ_HOSTS, { message: 'DB_READ_HOSTS must be a comma-separated list of host or host:port' })
  DB_READ_HOSTS?: string;

  /** The replicas' user and password; default DB_USER and DB_PASSWORD. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  DB_READ_USER?: string;

  @IsOptional()
  @IsString()
  DB_READ_PASSWORD?: string;

  /** A replica further behind the primary than this (heartbeat age, seconds) is taken out of reads. */
  @Type(() => Number)
  @Min(0.1)
  @Max(3600)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  DB_READ_MAX_LAG_S = 5;

  /** How often each worker writes the heartbeat on the primary and checks every replica's lag. */
  @Type(() => Number)
  @Min(100)
  @Max(60_000)
  @IsInt()
  DB_READ_CHECK_INTERVAL_MS = 1000;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  JWT_SECRET?: string;

  @Matches(DURATION, { message: 'JWT_EXPIRES_IN must be a number of seconds or a duration such as 15m, 12h, 7d' })
  JWT_EXPIRES_IN = '7d';

  /** Comma-separated secrets that still verify tokens (never sign them) while JWT_SECRET rotates. */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  JWT_PREVIOUS_SECRETS?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  JWT_ISSUER = 'conduit-api';

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  JWT_AUDIENCE = 'conduit';

  /** Seconds of clock difference tolerated on `exp`, `nbf` and `iat`. */
  @Type(() => Number)
  @Min(0)
  @Max(300)
  @IsInt()
  JWT_CLOCK_TOLERANCE_S = 5;

  @Transform(toBoolean)
  @IsBoolean({ message: 'RATE_LIMIT_ENABLED must be true or false' })
  RATE_LIMIT_ENABLED = true;

  /** Requests per minute, client IP and route, on every route but the health probes. */
  @Type(() => Number)
  @Min(1)
  @Max(1_000_000)
  @IsInt()
  RATE_LIMIT_PER_MINUTE = 600;

  /** Login and registration attempts per minute and client IP. */
  @Type(() => Number)
  @Min(1)
  @Max(1_000_000)
  @IsInt()
  RATE_LIMIT_AUTH_PER_MINUTE = 20;

  /** Login and registration attempts per minute and email address, whatever the IP. */
  @Type(() => Number)
  @Min(1)
  @Max(1_000_000)
  @IsInt()
  RATE_LIMIT_AUTH_PER_EMAIL_PER_MINUTE = 5;

  /** Rate-limit counters in Redis (shared by every worker and host) instead of each process's memory. */
  @IsOptional()
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
  @Matches(/^(\*|https?:\/\/[^\s,]+(\s*,\s*https?:\/\/[^\s,]+)*)$/, {
    message: 'CORS_ORIGINS must be * or a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS?: string;

  /** Express's `trust proxy`: false, true, a number of hops, or comma-separated addresses/subnets. */
  @Matches(
    /^(true|false|\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*)$/,
    {
      message: 'TRUST_PROXY must be true, false, a number of proxies, or addresses/subnets such as loopback,10.0.0.0/8',
    },
  )
  TRUST_PROXY = 'false';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Default: pretty in development, JSON lines otherwise. */
  @IsOptional()
  @IsIn(LOG_FORMATS)
  LOG_FORMAT?: LogFormat;

  @Type(() => Number)
  @Min(0)
  @Max(600_000)
  @IsInt()
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Password hashes computed at once per process; unset: see auth/password-hasher.ts. */
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(64)
  @IsInt()
  PASSWORD_HASH_CONCURRENCY?: number;

  /** The hashing process's CPU priority: idle (SCHED_IDLE where Linux allows), low (nice 19), normal. */
  @IsIn(PASSWORD_HASH_PRIORITIES)
  PASSWORD_HASH_PRIORITY: PasswordHashPriority = 'idle';

  @Transform(toBoolean)
  @IsBoolean({ message: 'METRICS_ENABLED must be true or false' })
  METRICS_ENABLED = true;

  @Matches(BYTE_SIZE, { message: 'BODY_LIMIT must be a size such as 1mb, 512kb or 1048576' })
  BODY_LIMIT = '1mb';
}

/** `a, b,c` → `['a', 'b', 'c']`; unset → `[]`. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** `db1:3307, [::1]` → `[{ host: 'db1', port: 3307 }, { host: '::1', port: 3306 }]`. */
export function parseHostList(value: string | undefined, defaultPort = 3306): { host: string; port: number }[] {
  return splitList(value).map((entry) => {
    const match = /^\[(.+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+)(?::(\d+))?$/.exec(entry);
    return { host: match?.[1] ?? entry, port: match?.[2] === undefined ? defaultPort : Number(match[2]) };
  });
}

export class EnvValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'EnvValidationError';
  }
}

const flatten = (errors: ValidationError[]): string[] =>
  errors.flatMap((error) => Object.values(error.constraints ?? {}).concat(flatten(error.children ?? [])));

/** Parses and validates the raw environment. Throws EnvValidationError with one message per bad variable. */
export function parseEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const set = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const env = plainToInstance(EnvironmentVariables, set, { exposeDefaultValues: true });
  const errors = validateSync(env, { stopAtFirstError: true });
  const problems = flatten(errors);
  if (env.NODE_ENV === 'production') {
    if (env.JWT_SECRET === undefined) {
      problems.push('JWT_SECRET is required when NODE_ENV=production');
    } else if (env.JWT_SECRET.length < MIN_PRODUCTION_SECRET_LENGTH) {
      problems.push(`JWT_SECRET must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production`);
    }
    if (splitList(env.JWT_PREVIOUS_SECRETS).some((secret) => secret.length < MIN_PRODUCTION_SECRET_LENGTH)) {
      problems.push(
        `each of JWT_PREVIOUS_SECRETS must be at least ${MIN_PRODUCTION_SECRET_LENGTH} characters when NODE_ENV=production`,
      );
    }
  }
  if (env.DB_READ_HOSTS !== undefined) {
    if (env.DB_TYPE === 'sqlite') {
      problems.push('DB_READ_HOSTS needs DB_TYPE=mysql or mariadb: the embedded SQLite file has no replicas');
    }
    if (env.REDIS_URL === undefined) {
      problems.push(
        "DB_READ_HOSTS needs REDIS_URL: a client's own writes are routed to the primary for a while, and every worker and host must know it",
      );
    }
    if (parseHostList(env.DB_READ_HOSTS).some(({ port }) => port < 1 || port > 65535)) {
      problems.push('each port in DB_READ_HOSTS must be 1-65535');
    }
    if (env.DB_READ_MAX_LAG_S * 1000 < 2 * env.DB_READ_CHECK_INTERVAL_MS) {
      problems.push(
        'DB_READ_MAX_LAG_S must be at least twice DB_READ_CHECK_INTERVAL_MS: a replica that is caught up shows up to one interval of lag',
      );
    }
  }
  if (problems.length > 0) {
    throw new EnvValidationError(problems);
  }
  return env;
}

let warnedAboutSecret = false;

/** The `validate` hook of ConfigModule: fails startup on a bad value and warns once about a development secret. */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const env = parseEnv(raw);
  if (env.JWT_SECRET === undefined && !warnedAboutSecret && env.NODE_ENV !== 'test') {
    warnedAboutSecret = true;
    new Logger('Config').warn(
      'JWT_SECRET is not set: signing tokens with a public development secret. Set JWT_SECRET (32+ characters) before exposing this server.',
    );
  }
  return env;
}
