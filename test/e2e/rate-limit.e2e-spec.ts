import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { api, errorShape, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { withEnv } from '../support/env';

const LIMITS = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_PER_MINUTE: '8',
  RATE_LIMIT_AUTH_PER_MINUTE: '5',
  RATE_LIMIT_AUTH_PER_EMAIL_PER_MINUTE: '3',
};
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const login = (app: NestExpressApplication, email: string, ip = '10.0.0.1') =>
  api(app)
    .post('/api/users/login')
    .set('X-Forwarded-For', ip)
    .send({ user: { email, password: 'not-the-password' } });

const expectTooMany = (res: { status: number; headers: Record<string, string>; body: unknown }) => {
  expect(res.status).toBe(429);
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  const seconds = Number(res.headers['retry-after']);
  expect(res.body).toEqual(
    errorShape({ body: `too many requests, retry in ${seconds} second${seconds === 1 ? '' : 's'}` }),
  );
};

describe('Rate limits, in memory (e2e)', () => {
  let app: NestExpressApplication;
  let user: RegisteredUser;

  beforeAll(async () => {
    await withEnv({ ...LIMITS, TRUST_PROXY: 'loopback', REDIS_URL: undefined }, async () => {
      app = await createTestApp();
    });
    user = await registerUser(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it('should refuse a 4th login for one email in a minute with 429 and Retry-After, whatever the IP', async () => {
    const email = `target-${randomUUID()}@example.com`;
    for (const ip of ['10.1.0.1', '10.1.0.2', '10.1.0.3']) {
      await login(app, email, ip).expect(401, errorShape({ credentials: 'invalid' }));
    }

    expectTooMany(await login(app, email, '10.1.0.4'));
    expectTooMany(await login(app, email.toUpperCase(), '10.1.0.5'));
  });

  it('should refuse a 6th login attempt from one IP in a minute, whatever the emails', async () => {
    for (let i = 0; i < 5; i++) {
      await login(app, `someone-${randomUUID()}@example.com`, '10.2.0.1').expect(
        401,
        errorShape({ credentials: 'invalid' }),
      );
    }

    expectTooMany(await login(app, user.email, '10.2.0.1'));
    await login(app, `other-${randomUUID()}@example.com`, '10.2.0.2').expect(
      401,
      errorShape({ credentials: 'invalid' }),
    );
  });

  it('should count registrations per IP too', async () => {
    const register = (i: number) =>
      api(app)
        .post('/api/users')
        .set('X-Forwarded-For', '10.3.0.1')
        .send({ user: { username: 'x', email: `not-an-email-${i}`, password: 'short' } });
    for (let i = 0; i < 5; i++) {
      await register(i).expect(
        422,
        errorShape({
          email: 'must be a valid email address',
          password: 'must be longer than or equal to 8 characters',
        }),
      );
    }

    expectTooMany(await register(5));
  });

  it('should allow RATE_LIMIT_PER_MINUTE requests per IP on other routes, then 429', async () => {
    for (let i = 0; i < 8; i++) {
      await api(app).get('/api/tags').set('X-Forwarded-For', '10.4.0.1').expect(200);
    }

    expectTooMany(await api(app).get('/api/tags').set('X-Forwarded-For', '10.4.0.1'));
    await api(app).get('/api/tags').set('X-Forwarded-For', '10.4.0.2').expect(200);
  });

  it('should never limit the health probes; the metrics scrape has the general limit', async () => {
    for (let i = 0; i < 12; i++) {
      await api(app).get('/health/live').set('X-Forwarded-For', '10.5.0.1').expect(200);
      await api(app).get('/health').set('X-Forwarded-For', '10.5.0.1').expect(200);
    }
    for (let i = 0; i < 8; i++) {
      await api(app).get('/metrics').set('X-Forwarded-For', '10.5.0.2').expect(200);
    }
    expectTooMany(await api(app).get('/metrics').set('X-Forwarded-For', '10.5.0.2'));
  });
});

describe('Rate limits without a trusted proxy (e2e)', () => {
  it('should ignore X-Forwarded-For and count the connection’s own address', async () => {
    await withEnv({ ...LIMITS, TRUST_PROXY: 'false', REDIS_URL: undefined }, async () => {
      const app = await createTestApp();
      try {
        for (let i = 0; i < 8; i++) {
          await api(app).get('/api/tags').set('X-Forwarded-For', `10.6.0.${i}`).expect(200);
        }

        expectTooMany(await api(app).get('/api/tags').set('X-Forwarded-For', '10.6.0.99'));
      } finally {
        await app.close();
      }
    });
  });
});

describe('Rate limits in Redis, shared by several processes (e2e)', () => {
  const prefix = `conduit-test-${randomUUID()}:`;
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const apps: NestExpressApplication[] = [];

  beforeAll(async () => {
    await redis.connect();
    await withEnv({ ...LIMITS, TRUST_PROXY: 'loopback', REDIS_URL, REDIS_KEY_PREFIX: prefix }, async () => {
      // Two instances of the server, as two PM2 workers or two hosts would be.
      apps.push(await createTestApp(), await createTestApp());
    });
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) {
      await redis.del(...keys);
    }
    await redis.quit();
  });

  it('should be connected to Redis once started, so that a new instance counts its first requests', () => {
    for (const app of apps) {
      expect(app.get<ThrottlerStorageRedisService>(ThrottlerStorage).redis.status).toBe('ready');
    }
  });

  it('should hold one email’s login limit across both instances', async () => {
    const [first, second] = apps;
    const email = `shared-${randomUUID()}@example.com`;
    await login(first, email, '10.7.0.1').expect(401, errorShape({ credentials: 'invalid' }));
    await login(second, email, '10.7.0.2').expect(401, errorShape({ credentials: 'invalid' }));
    await login(first, email, '10.7.0.3').expect(401, errorShape({ credentials: 'invalid' }));

    expectTooMany(await login(second, email, '10.7.0.4'));
    expect(await redis.keys(`${prefix}throttle:*`)).not.toHaveLength(0);
  });

  it('should hold the per-IP limit across both instances', async () => {
    for (let i = 0; i < 8; i++) {
      await api(apps[i % 2])
        .get('/api/tags')
        .set('X-Forwarded-For', '10.8.0.1')
        .expect(200);
    }

    expectTooMany(await api(apps[0]).get('/api/tags').set('X-Forwarded-For', '10.8.0.1'));
    expectTooMany(await api(apps[1]).get('/api/tags').set('X-Forwarded-For', '10.8.0.1'));
  });
});

describe('Rate limits when Redis is unreachable (e2e)', () => {
  it('should answer normally (limits off, a warning logged) rather than fail or hang', async () => {
    await withEnv({ ...LIMITS, REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: 'unused:' }, async () => {
      const app = await createTestApp();
      try {
        for (let i = 0; i < 10; i++) {
          await api(app).get('/api/tags').expect(200);
        }
      } finally {
        await app.close();
      }
    });
  });
});
