import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { TagsService } from '../../src/tags/tags.service';
import { api, errorShape, registerUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { aUser } from '../support/factories';

describe('Errors (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('should answer 400 for malformed JSON and create nothing', async () => {
    const user = aUser();
    const res = await api(app)
      .post('/api/users')
      .set('Content-Type', 'application/json')
      .send(`{"user": ${JSON.stringify(user)}`)
      .expect(400);

    expect(res.body).toEqual(errorShape({ body: /^is not valid JSON: / }));
    await api(app)
      .post('/api/users/login')
      .send({ user: { email: user.email, password: user.password } })
      .expect(401, errorShape({ credentials: 'invalid' }));
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'should answer 400 for a body sent as %s',
    async (contentType) => {
      const res = await api(app)
        .post('/api/users')
        .set('Content-Type', contentType)
        .send(JSON.stringify({ user: aUser() }))
        .expect(400);

      expect(res.body).toEqual(errorShape({ body: 'must be JSON: send Content-Type: application/json' }));
    },
  );

  it('should answer 413 for a body over the size limit', async () => {
    const res = await api(app)
      .post('/api/users')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ user: { ...aUser(), bio: 'x'.repeat(1024 * 1024 + 1) } }))
      .expect(413);

    expect(res.body).toEqual(errorShape({ body: 'is larger than the size limit' }));
  });

  it('should answer 404 keyed by route for an unknown route', async () => {
    const res = await api(app).get('/api/nothing-here').expect(404);

    expect(res.body).toEqual(errorShape({ route: 'not found' }));
  });

  it('should answer 404 keyed by route for a known path with an unsupported method', async () => {
    const res = await api(app).delete('/api/users').expect(404);

    expect(res.body).toEqual(errorShape({ route: 'not found' }));
  });

  it('should not announce the framework', async () => {
    const res = await api(app).get('/api/nothing-here');

    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('should answer a bare 500 in the error shape, without internals, when something unexpected fails', async () => {
    const failing = await createTestApp((builder) =>
      builder.overrideProvider(TagsService).useValue({
        popular: () => Promise.reject(new Error('ER_SOMETHING: SELECT secret FROM internals')),
      }),
    );
    const errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation();

    try {
      const res = await api(failing).get('/api/tags').expect(500);

      expect(res.body).toEqual(errorShape({ body: 'Internal server error' }));
      expect(res.text).not.toMatch(/secret|internals|at /);
      expect(errorLog).toHaveBeenCalledWith(expect.stringContaining('ER_SOMETHING'));
    } finally {
      errorLog.mockRestore();
      await failing.close();
    }
  });

  // Found by the fuzzing suite (test/e2e/fuzz.e2e-spec.ts); each was a 500.
  describe('regressions', () => {
    it('should answer 400 for a JSON body that claims a Content-Encoding it does not have', async () => {
      const res = await api(app)
        .post('/api/users/login')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .send(JSON.stringify({ user: { email: 'a@b.c', password: 'whatever1' } }))
        .expect(400);

      expect(res.body).toEqual(errorShape({ body: /^could not be read: / }));
    });

    it('should answer 400 for a string that is not valid Unicode (a lone surrogate), anywhere in the body', async () => {
      for (const body of ['{"user":{"email":"\\ud800","password":"x"}}', '{"user":{"\\udc00":"x"}}']) {
        const res = await api(app).post('/api/users').set('Content-Type', 'application/json').send(body).expect(400);

        expect(res.body).toEqual(
          errorShape({ body: 'contains a string that is not valid Unicode (a lone surrogate)' }),
        );
      }
    });

    it('should answer 400 for a path whose percent-encoding is not UTF-8', async () => {
      const res = await api(app).get('/api/articles/%E0%A4%A').expect(400);

      expect(res.body).toEqual(errorShape({ body: "Failed to decode param '%E0%A4%A'" }));
    });

    it('should count characters as the columns do: 200 of "a" + U+FE0F is 400 characters, a 422', async () => {
      const user = await registerUser(app);
      const res = await api(app)
        .post('/api/articles', user.token)
        .send({ article: { title: 'a\uFE0F'.repeat(200), description: 'd', body: 'b' } })
        .expect(422);

      expect(res.body).toEqual(errorShape({ title: 'must be shorter than or equal to 200 characters' }));
      await api(app)
        .post('/api/articles', user.token)
        .send({ article: { title: 'a\uFE0F'.repeat(100), description: 'd', body: '😀'.repeat(16_000) } })
        .expect(201);
    });
  });
});
