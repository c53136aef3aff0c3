import { ExecutionContext } from '@nestjs/common';
import { ThrottlerModuleOptions, ThrottlerOptions } from '@nestjs/throttler';
import { AuthRateLimit } from './rate-limit.decorators';
import { rateLimitOptions } from './rate-limit.module';

type SecurityConfig = Parameters<typeof rateLimitOptions>[0];

class UsersController {
  @AuthRateLimit()
  login(this: void): void {}

  getCurrentUser(this: void): void {}
}

const contextOf = (handler: () => void) => ({ getHandler: () => handler }) as unknown as ExecutionContext;
const login = contextOf(UsersController.prototype.login);
const getCurrentUser = contextOf(UsersController.prototype.getCurrentUser);

async function optionsFor(enabled: boolean) {
  const config = {
    rateLimit: { enabled, perMinute: 300, authPerMinute: 20, authPerEmailPerMinute: 5 },
    redisUrl: undefined,
    redisKeyPrefix: 'conduit:',
  } as SecurityConfig;
  // The object form, with options common to all throttlers, not a bare list of throttlers.
  const options = (await rateLimitOptions(config)) as Exclude<ThrottlerModuleOptions, ThrottlerOptions[]>;
  const throttlers = options.throttlers;
  const byName: Record<string, ThrottlerOptions> = Object.fromEntries(
    throttlers.map((throttler) => [throttler.name, throttler]),
  );
  return { options, byName };
}

describe('rateLimitOptions', () => {
  it('should limit every route per IP, and login and registration also per IP and per email, per minute', async () => {
    const { options, byName } = await optionsFor(true);

    expect(Object.keys(byName)).toEqual(['default', 'auth-ip', 'auth-email']);
    expect(Object.values(byName).map(({ ttl, limit }) => ({ ttl, limit }))).toEqual([
      { ttl: 60_000, limit: 300 },
      { ttl: 60_000, limit: 20 },
      { ttl: 60_000, limit: 5 },
    ]);
    expect(options.storage).toBeUndefined();
  });

  it('should apply the login limits to the handlers marked AuthRateLimit only', async () => {
    const { options, byName } = await optionsFor(true);

    expect(options.skipIf?.(getCurrentUser)).toBe(false);
    expect(byName['auth-ip'].skipIf?.(login)).toBe(false);
    expect(byName['auth-email'].skipIf?.(login)).toBe(false);
    expect(byName['auth-ip'].skipIf?.(getCurrentUser)).toBe(true);
    expect(byName['auth-email'].skipIf?.(getCurrentUser)).toBe(true);
  });

  it('should skip every limit when RATE_LIMIT_ENABLED is false', async () => {
    const { options, byName } = await optionsFor(false);

    expect(options.skipIf?.(login)).toBe(true);
    expect(byName['auth-ip'].skipIf?.(login)).toBe(true);
    expect(byName['auth-email'].skipIf?.(login)).toBe(true);
  });

  it('should count the per-email limit by the email as the service reads it, by the IP without one', async () => {
    const { byName } = await optionsFor(true);
    const tracker = (req: object) => byName['auth-email'].getTracker?.(req, login);

    expect(await tracker({ body: { user: { email: '  Jake@Example.COM ' } }, ip: '203.0.113.7' })).toBe(
      'email:jake@example.com',
    );
    expect(await tracker({ body: { user: { email: '   ' } }, ip: '203.0.113.7' })).toBe('ip:203.0.113.7');
    expect(await tracker({ body: { user: { email: 42 } }, ip: '203.0.113.7' })).toBe('ip:203.0.113.7');
    expect(await tracker({ ip: '203.0.113.7' })).toBe('ip:203.0.113.7');
  });
});
