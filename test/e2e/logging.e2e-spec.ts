import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Writable } from 'node:stream';
import { LOG_DESTINATION } from '../../src/logging/logging.module';
import { TagsService } from '../../src/tags/tags.service';
import { api, registerUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';

/** Every line the application logs, parsed. */
class CapturedLog extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  raw = '';

  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.raw += chunk.toString();
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    callback();
  }

  requestLine(requestId: string) {
    return this.lines.find((line) => line.requestId === requestId && line.res !== undefined);
  }
}

describe('Logging (e2e)', () => {
  const log = new CapturedLog();
  let app: NestExpressApplication;
  const previousLevel = process.env.LOG_LEVEL;

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'info';
    app = await createTestApp((builder) =>
      builder
        .overrideProvider(LOG_DESTINATION)
        .useValue(log)
        .overrideProvider(TagsService)
        .useValue({ popular: () => Promise.reject(new Error('boom in the tags query')) }),
    );
  });

  afterAll(async () => {
    await app.close();
    process.env.LOG_LEVEL = previousLevel;
  });

  it('should write one JSON line per request with id, method, route, status and duration', async () => {
    const user = await registerUser(app);
    await api(app).get(`/api/profiles/${user.username}`).set('X-Request-Id', 'req-profile-1').expect(200);

    expect(log.requestLine('req-profile-1')).toEqual(
      expect.objectContaining({
        level: 30,
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        requestId: 'req-profile-1',
        req: { method: 'GET', url: `/api/profiles/${user.username}` },
        res: { statusCode: 200 },
        route: '/api/profiles/:username',
        durationMs: expect.any(Number),
        msg: 'GET /api/profiles/:username 200',
      }),
    );
  });

  it('should never log a token, a password or the Authorization header', async () => {
    const user = await registerUser(app, { password: 'correct horse battery staple' });
    await api(app)
      .post('/api/users/login')
      .set('X-Request-Id', 'req-login-1')
      .send({ user: { email: user.email, password: user.password } })
      .expect(200);
    await api(app).get('/api/user', user.token).set('X-Request-Id', 'req-user-1').expect(200);
    await api(app).get('/api/user', 'not.a.jwt').set('X-Request-Id', 'req-bad-token').expect(401);

    expect(log.requestLine('req-login-1')).toBeDefined();
    expect(log.requestLine('req-user-1')).toBeDefined();
    expect(log.requestLine('req-bad-token')).toEqual(expect.objectContaining({ level: 40 }));
    expect(log.raw).not.toContain(user.token);
    expect(log.raw).not.toContain('not.a.jwt');
    expect(log.raw).not.toContain('correct horse battery staple');
    expect(log.raw.toLowerCase()).not.toContain('authorization');
    expect(log.raw).not.toContain('$argon2');
  });

  it('should log a 500 at error level with the stack, bound to the request id', async () => {
    const errorLog = jest.spyOn(Logger.prototype, 'error');
    try {
      await api(app).get('/api/tags').set('X-Request-Id', 'req-boom').expect(500);
    } finally {
      errorLog.mockRestore();
    }

    const requestLines = log.lines.filter((line) => line.requestId === 'req-boom');
    expect(requestLines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 50,
          context: 'HttpErrorFilter',
          msg: expect.stringContaining('boom in the tags query'),
        }),
        expect.objectContaining({ level: 50, res: { statusCode: 500 }, route: '/api/tags' }),
      ]),
    );
  });
});
