import { registerAs } from '@nestjs/config';
import { loadEnvironment } from './environment';
import { splitList } from './lists';

/** Rate limits, CORS and proxy trust: what the server lets clients do, and how it sees them. */
export const securityConfig = registerAs('security', () => {
  const env = loadEnvironment();
  return {
    rateLimit: {
      enabled: env.RATE_LIMIT_ENABLED,
      perMinute: env.RATE_LIMIT_PER_MINUTE,
      authPerMinute: env.RATE_LIMIT_AUTH_PER_MINUTE,
      authPerEmailPerMinute: env.RATE_LIMIT_AUTH_PER_EMAIL_PER_MINUTE,
    },
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    /** `true`: any origin; `false`: no cross-origin browser access; a list: exactly those origins. */
    corsOrigins: corsOrigins(env.CORS_ORIGINS, env.NODE_ENV === 'development'),
    trustProxy: trustProxy(env.TRUST_PROXY),
  };
});

export type SecurityConfig = ReturnType<typeof securityConfig>;

function corsOrigins(value: string | undefined, development: boolean): boolean | string[] {
  if (value === undefined) {
    return development;
  }
  return value.trim() === '*' ? true : splitList(value).map((origin) => origin.replace(/\/+$/, ''));
}

function trustProxy(value: string): boolean | number | string[] {
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  return /^\d+$/.test(value) ? Number(value) : splitList(value);
}
