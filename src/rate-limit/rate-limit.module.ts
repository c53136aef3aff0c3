import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ExecutionContext, Logger, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { seconds, ThrottlerModule, ThrottlerModuleOptions } from '@nestjs/throttler';
import { setTimeout as sleep } from 'node:timers/promises';
import { securityConfig } from '../config/security.config';
import { AUTH_RATE_LIMITED } from './rate-limit.decorators';
import { RateLimitGuard } from './rate-limit.guard';

const MINUTE = seconds(60);
/** Redis's connectTimeout below, and how long startup waits for that connection. */
const CONNECT_TIMEOUT_MS = 2000;

const isAuthRoute = (context: ExecutionContext): boolean =>
  Reflect.getMetadata(AUTH_RATE_LIMITED, context.getHandler()) === true;

/** The email a login or registration is for, as the service will read it; the client IP when there is none. */
function emailOrIp(req: Record<string, unknown>): string {
  const { body, ip } = req as { body?: { user?: { email?: unknown } }; ip?: string };
  const email = body?.user?.email;
  return typeof email === 'string' && email.trim() !== '' ? `email:${email.trim().toLowerCase()}` : `ip:${ip}`;
}

/**
 * Rate limits (@nestjs/throttler), per minute: RATE_LIMIT_PER_MINUTE per client IP on every route,
 * and on login and registration also RATE_LIMIT_AUTH_PER_MINUTE per IP and
 * RATE_LIMIT_AUTH_PER_EMAIL_PER_MINUTE per email address. Counters live in Redis when REDIS_URL is
 * set (shared by every PM2 worker and host), otherwise in each process's memory. Startup waits for
 * the Redis connection (up to 2 s): a command sent before it is up fails at once, and the guard lets
 * a request through when its store fails, so a new worker would not count its first requests.
 */
export async function rateLimitOptions(config: ConfigType<typeof securityConfig>): Promise<ThrottlerModuleOptions> {
  const { rateLimit, redisUrl, redisKeyPrefix } = config;
  const authOnly = (context: ExecutionContext) => !rateLimit.enabled || !isAuthRoute(context);
  const storage = redisUrl
    ? new ThrottlerStorageRedisService(redisUrl, {
        keyPrefix: `${redisKeyPrefix}throttle:`,
        // Fail fast when Redis is away instead of queueing: the guard then lets requests through.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: CONNECT_TIMEOUT_MS,
        commandTimeout: 1000,
      })
    : undefined;
  if (storage && rateLimit.enabled) {
    await connected(storage.redis);
  }
  return {
    throttlers: [
      { name: 'default', ttl: MINUTE, limit: rateLimit.perMinute },
      { name: 'auth-ip', ttl: MINUTE, limit: rateLimit.authPerMinute, skipIf: authOnly },
      {
        name: 'auth-email',
        ttl: MINUTE,
        limit: rateLimit.authPerEmailPerMinute,
        skipIf: authOnly,
        getTracker: emailOrIp,
      },
    ],
    // Applies to `default`; the named limits have their own skipIf, which replaces this one.
    skipIf: () => !rateLimit.enabled,
    storage,
  };
}

/** Resolves once `redis` is ready, or after CONNECT_TIMEOUT_MS with a warning (limits apply once it is). */
async function connected(redis: ThrottlerStorageRedisService['redis']): Promise<void> {
  if (redis.status === 'ready') {
    return;
  }
  // Not events.once: it rejects on the 'error' events a Redis that is away emits, and startup goes on then.
  let onReady = () => {};
  const ready = new Promise<boolean>((resolve) => {
    onReady = () => resolve(true);
    redis.once('ready', onReady);
  });
  const timeout = new AbortController();
  const inTime = await Promise.race([
    ready,
    sleep(CONNECT_TIMEOUT_MS, false, { signal: timeout.signal }).catch(() => true),
  ]);
  timeout.abort();
  redis.off('ready', onReady);
  if (!inTime) {
    new Logger('RateLimitModule').warn(
      `Redis (rate limits) not connected within ${CONNECT_TIMEOUT_MS} ms: limits apply once it is`,
    );
  }
}

@Module({
  imports: [ThrottlerModule.forRootAsync({ inject: [securityConfig.KEY], useFactory: rateLimitOptions })],
  providers: [RateLimitGuard],
  exports: [RateLimitGuard],
})
export class RateLimitModule {}
