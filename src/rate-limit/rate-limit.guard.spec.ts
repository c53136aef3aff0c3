import { ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerException, ThrottlerStorage } from '@nestjs/throttler';
import { RateLimitGuard, tooManyRequests } from './rate-limit.guard';

/** Counts hits per key; once over the limit it blocks for `blockSeconds`. */
class CountingStorage implements ThrottlerStorage {
  private readonly hits = new Map<string, number>();

  constructor(private readonly blockSeconds: number) {}

  increment(key: string, _ttl: number, limit: number) {
    const totalHits = (this.hits.get(key) ?? 0) + 1;
    this.hits.set(key, totalHits);
    const isBlocked = totalHits > limit;
    return Promise.resolve({
      totalHits,
      timeToExpire: 60,
      isBlocked,
      timeToBlockExpire: isBlocked ? this.blockSeconds : 0,
    });
  }
}

/** A store that cannot be reached, as Redis when it is down. */
class UnreachableStorage implements ThrottlerStorage {
  increment(): never {
    throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
  }
}

class ArticlesController {
  list(this: void): void {}
}

/** A request to ArticlesController.list from one client, and the headers its response got. */
function request() {
  const headers: Record<string, string> = {};
  const res = {
    header: (name: string, value: unknown) => void (headers[name] = String(value)),
    setHeader: (name: string, value: unknown) => void (headers[name] = String(value)),
  };
  const context = {
    getHandler: () => ArticlesController.prototype.list,
    getClass: () => ArticlesController,
    switchToHttp: () => ({ getRequest: () => ({ ip: '203.0.113.7', headers: {} }), getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

async function guardWith(storage: ThrottlerStorage, name = 'default'): Promise<RateLimitGuard> {
  const guard = new RateLimitGuard({ throttlers: [{ name, ttl: 60_000, limit: 2 }] }, storage, new Reflector());
  await guard.onModuleInit();
  return guard;
}

describe('tooManyRequests', () => {
  it('should be a 429 that says when to retry', () => {
    expect(tooManyRequests(1).getStatus()).toBe(429);
    expect(tooManyRequests(1).message).toBe('too many requests, retry in 1 second');
    expect(tooManyRequests(30).message).toBe('too many requests, retry in 30 seconds');
  });
});

describe(RateLimitGuard.name, () => {
  it('should let requests through up to the limit', async () => {
    const guard = await guardWith(new CountingStorage(60));

    expect(await guard.canActivate(request().context)).toBe(true);
    expect(await guard.canActivate(request().context)).toBe(true);
  });

  it('should answer 429 over the limit with a plain Retry-After in whole seconds, for a named limit too', async () => {
    const guard = await guardWith(new CountingStorage(42.3), 'auth-ip');
    await guard.canActivate(request().context);
    await guard.canActivate(request().context);
    const third = request();

    await expect(guard.canActivate(third.context)).rejects.toThrow(ThrottlerException);
    expect(third.headers['Retry-After']).toBe('43');
  });

  it('should never ask to retry in 0 seconds', async () => {
    const guard = await guardWith(new CountingStorage(0));
    await guard.canActivate(request().context);
    await guard.canActivate(request().context);
    const third = request();

    await expect(guard.canActivate(third.context)).rejects.toThrow('too many requests, retry in 1 second');
    expect(third.headers['Retry-After']).toBe('1');
  });

  it('should let the request through, with a warning, when its store cannot be reached', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const guard = await guardWith(new UnreachableStorage());

      expect(await guard.canActivate(request().context)).toBe(true);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('rate limit not applied, its store failed'));
    } finally {
      warn.mockRestore();
    }
  });
});
