import {
  DEVELOPMENT_JWT_SECRET,
  ENVIRONMENT_VARIABLE_NAMES,
  EnvironmentVariables,
  EnvValidationError,
  parseEnv,
  parseEnvironment,
} from './env.validation';
import { durationToSeconds } from './jwt.config';
import { parseHostList } from './lists';

/** A valid environment with read replicas, for the cases that change one thing about it. */
const replicated = { DB_TYPE: 'mariadb', DB_READ_HOSTS: 'db-replica', REDIS_URL: 'redis://127.0.0.1:6379' };

describe(parseEnv.name, () => {
  it('should apply every default to an empty environment', () => {
    const env = parseEnv({});

    expect(env).toEqual(
      expect.objectContaining({
        NODE_ENV: 'development',
        HOST: '0.0.0.0',
        PORT: 3000,
        DB_TYPE: 'sqlite',
        DB_PATH: 'data/conduit.sqlite',
        DB_PORT: 3306,
        DB_POOL_SIZE: 10,
        JWT_EXPIRES_IN: '7d',
        LOG_LEVEL: 'info',
        BODY_LIMIT: '1mb',
        SHUTDOWN_TIMEOUT_MS: 10000,
        METRICS_ENABLED: true,
      }),
    );
    expect(env.JWT_SECRET).toBeUndefined();
    expect(env.DB_MIGRATIONS_RUN).toBeUndefined();
    expect(env.LOG_FORMAT).toBeUndefined();
    expect(env.PASSWORD_HASH_PRIORITY).toBe('idle');
  });

  it('should treat empty strings as unset', () => {
    const env = parseEnv({ PORT: '', DB_TYPE: '', PUBLIC_URL: '' });

    expect(env).toEqual(expect.objectContaining({ PORT: 3000, DB_TYPE: 'sqlite' }));
    expect(env.PUBLIC_URL).toBeUndefined();
  });

  it('should convert numbers and booleans', () => {
    const env = parseEnv({ PORT: '8080', DB_POOL_SIZE: '25', DB_MIGRATIONS_RUN: 'false' });

    expect(env).toEqual(expect.objectContaining({ PORT: 8080, DB_POOL_SIZE: 25, DB_MIGRATIONS_RUN: false }));
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must not be greater than 65535/],
    [{ DB_TYPE: 'postgres' }, /DB_TYPE must be one of the following values: sqlite, mysql, mariadb/],
    [{ PUBLIC_URL: 'not a url' }, /PUBLIC_URL must be a URL/],
    [{ JWT_EXPIRES_IN: 'forever' }, /JWT_EXPIRES_IN must be a number of seconds or a duration/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ DB_MIGRATIONS_RUN: 'maybe' }, /DB_MIGRATIONS_RUN must be true or false/],
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT must be one of the following values: json, pretty/],
    [
      { PASSWORD_HASH_PRIORITY: 'high' },
      /PASSWORD_HASH_PRIORITY must be one of the following values: idle, low, normal/,
    ],
    [{ SHUTDOWN_TIMEOUT_MS: 'soon' }, /SHUTDOWN_TIMEOUT_MS must be an integer/],
    [{ SHUTDOWN_TIMEOUT_MS: '-1' }, /SHUTDOWN_TIMEOUT_MS must not be less than 0/],
    [{ METRICS_ENABLED: 'sometimes' }, /METRICS_ENABLED must be true or false/],
    [{ CORS_ORIGINS: 'evil.example' }, /CORS_ORIGINS must be \* or a comma-separated list of http\(s\) origins/],
    [{ CORS_ORIGINS: 'https://a.example,javascript:alert(1)' }, /CORS_ORIGINS must be/],
    [{ TRUST_PROXY: 'everyone' }, /TRUST_PROXY must be true, false, a number of proxies/],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, /RATE_LIMIT_PER_MINUTE must not be less than 1/],
    [{ JWT_CLOCK_TOLERANCE_S: '3600' }, /JWT_CLOCK_TOLERANCE_S must not be greater than 300/],
    [
      { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32), JWT_PREVIOUS_SECRETS: 'short-old-secret' },
      /each of JWT_PREVIOUS_SECRETS must be at least 32 characters/,
    ],
    [{ DB_NAME: 'bad-name;' }, /DB_NAME must be 1-64 letters/],
    [
      { ...replicated, DB_READ_HOSTS: 'db1:3306;db2' },
      /DB_READ_HOSTS must be a comma-separated list of host or host:port/,
    ],
    [{ ...replicated, DB_READ_HOSTS: 'db1:99999' }, /each port in DB_READ_HOSTS must be 1-65535/],
    [{ ...replicated, DB_TYPE: 'sqlite' }, /DB_READ_HOSTS needs DB_TYPE=mysql or mariadb/],
    [{ ...replicated, REDIS_URL: undefined }, /DB_READ_HOSTS needs REDIS_URL/],
    [{ ...replicated, DB_READ_MAX_LAG_S: '0' }, /DB_READ_MAX_LAG_S must not be less than 0.1/],
    [{ ...replicated, DB_READ_CHECK_INTERVAL_MS: '10' }, /DB_READ_CHECK_INTERVAL_MS must not be less than 100/],
    [{ ...replicated, DB_READ_MAX_LAG_S: '1.5' }, /DB_READ_MAX_LAG_S must be at least twice DB_READ_CHECK_INTERVAL_MS/],
    [{ NODE_ENV: 'production' }, /JWT_SECRET is required when NODE_ENV=production/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters/],
  ])('should reject %j with a message naming the variable', (raw, message) => {
    expect(() => parseEnv(raw)).toThrow(EnvValidationError);
    expect(() => parseEnv(raw)).toThrow(message);
  });

  it('should read DB_READ_HOSTS as hosts and ports, 3306 by default', () => {
    const env = parseEnv({ ...replicated, DB_READ_HOSTS: ' db1:3307, db_2 ,[::1]:3308,10.0.0.5' });

    expect(parseHostList(env.DB_READ_HOSTS)).toEqual([
      { host: 'db1', port: 3307 },
      { host: 'db_2', port: 3306 },
      { host: '::1', port: 3308 },
      { host: '10.0.0.5', port: 3306 },
    ]);
    expect(parseHostList(undefined)).toEqual([]);
  });

  it('should report every bad variable in one line', () => {
    expect(() => parseEnv({ PORT: 'x', DB_TYPE: 'y' })).toThrow(
      /^Invalid environment: [^\n]*PORT[^\n]*; [^\n]*DB_TYPE[^\n]*$/,
    );
  });

  it('should accept a production environment with a long secret', () => {
    const secret = 's'.repeat(32);

    expect(parseEnv({ NODE_ENV: 'production', JWT_SECRET: secret }).JWT_SECRET).toBe(secret);
    expect(secret).not.toBe(DEVELOPMENT_JWT_SECRET);
  });
});

describe(parseEnvironment.name, () => {
  it('should warn about the development secret outside tests', () => {
    expect(parseEnvironment({}).warnings).toEqual([expect.stringMatching(/^JWT_SECRET is not set: signing tokens/)]);
  });

  it.each([{ NODE_ENV: 'test' }, { JWT_SECRET: 's'.repeat(32) }])('should not warn with %j', (raw) => {
    expect(parseEnvironment(raw).warnings).toEqual([]);
  });

  it('should read only the variables it declares', () => {
    const env = parseEnvironment({ PORT: '8080', HOME: '/root', pm_id: '0' }).env;

    expect(env).toBeInstanceOf(EnvironmentVariables);
    expect(Object.keys(env).filter((name) => !ENVIRONMENT_VARIABLE_NAMES.includes(name))).toEqual([]);
  });

  it('should parse afresh on every call', () => {
    expect(parseEnvironment({}).env).not.toBe(parseEnvironment({}).env);
  });
});

describe('ENVIRONMENT_VARIABLE_NAMES', () => {
  it('should name every variable in declaration order, each once', () => {
    expect(ENVIRONMENT_VARIABLE_NAMES.slice(0, 3)).toEqual(['NODE_ENV', 'HOST', 'PORT']);
    expect(ENVIRONMENT_VARIABLE_NAMES).toEqual(expect.arrayContaining(['JWT_SECRET', 'REDIS_URL', 'BODY_LIMIT']));
    expect(new Set(ENVIRONMENT_VARIABLE_NAMES).size).toBe(ENVIRONMENT_VARIABLE_NAMES.length);
  });
});

describe(durationToSeconds.name, () => {
  it.each([
    ['900', 900],
    ['45s', 45],
    ['15m', 900],
    ['12h', 43200],
    ['7d', 604800],
    ['1500ms', 1],
  ])('should read %s as %d seconds', (duration, seconds) => {
    expect(durationToSeconds(duration)).toBe(seconds);
  });
});
