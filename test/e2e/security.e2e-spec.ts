// One describe per OWASP API Security Top 10 (2023) item that applies; docs/security.md maps each
// item to what the server does and to these tests (and the other suites they cite).
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { PasswordService } from '../../src/auth/password.service';
import { api, createArticle, createComment, errorShape, follow, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { withEnv } from '../support/env';
import { unique } from '../support/factories';

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
}

describe('OWASP API Security Top 10 (e2e)', () => {
  let app: NestExpressApplication;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  let slug: string;
  let commentId: number;

  beforeAll(async () => {
    app = await createTestApp();
    alice = await registerUser(app);
    bob = await registerUser(app);
    ({ slug } = await createArticle(app, alice, { body: 'b', tagList: ['owasp'] }));
    commentId = (await createComment(app, slug, alice, { body: 'mine' })).id;
  });

  afterAll(async () => {
    await app.close();
  });

  describe('API1 Broken Object Level Authorization: nobody acts on another user’s objects', () => {
    it('should forbid Bob to change or delete Alice’s article, and change nothing', async () => {
      await api(app)
        .put(`/api/articles/${slug}`, bob.token)
        .send({ article: { title: 'Taken over', body: 'pwned' } })
        .expect(403, errorShape({ article: 'forbidden' }));
      await api(app)
        .delete(`/api/articles/${slug}`, bob.token)
        .expect(403, errorShape({ article: 'forbidden' }));

      const res = await api(app).get(`/api/articles/${slug}`).expect(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          article: expect.objectContaining({
            slug,
            body: 'b',
            author: expect.objectContaining({ username: alice.username }),
          }),
        }),
      );
    });

    it('should forbid Bob to delete Alice’s comment, through its own article or another one', async () => {
      const bobsSlug = (await createArticle(app, bob)).slug;

      await api(app)
        .delete(`/api/articles/${slug}/comments/${commentId}`, bob.token)
        .expect(403, errorShape({ comment: 'forbidden' }));
      await api(app)
        .delete(`/api/articles/${bobsSlug}/comments/${commentId}`, bob.token)
        .expect(404, errorShape({ comment: 'not found' }));

      const comments = await api(app).get(`/api/articles/${slug}/comments`).expect(200);
      expect((comments.body as { comments: { id: number }[] }).comments.map((c) => c.id)).toContain(commentId);
    });

    it('should let PUT /api/user change only the caller’s own account, whatever the body names', async () => {
      await api(app)
        .put('/api/user', bob.token)
        .send({ user: { bio: 'bob was here', id: 1, username: bob.username } })
        .expect(200);
      await api(app)
        .put('/api/user', bob.token)
        .send({ user: { email: alice.email } })
        .expect(409, errorShape({ email: 'has already been taken' }));

      const aliceNow = await api(app).get('/api/user', alice.token).expect(200);
      expect(aliceNow.body).toEqual({ user: expect.objectContaining({ email: alice.email, bio: null }) });
    });
  });

  describe('API2 Broken Authentication', () => {
    it('should answer an unknown email exactly as a wrong password, after the same password hashing', async () => {
      const verify = jest.spyOn(app.get(PasswordService), 'verify');
      try {
        const unknown = await api(app)
          .post('/api/users/login')
          .send({ user: { email: `nobody-${unique()}@example.com`, password: 'some-password' } })
          .expect(401);
        const wrong = await api(app)
          .post('/api/users/login')
          .send({ user: { email: alice.email, password: 'some-password' } })
          .expect(401);

        expect(unknown.body).toEqual(errorShape({ credentials: 'invalid' }));
        expect(unknown.body).toEqual(wrong.body);
        expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(wrong.headers).sort());
        // Both paths run one argon2 verification (a decoy hash for the unknown email): no timing oracle.
        expect(verify).toHaveBeenCalledTimes(2);
      } finally {
        verify.mockRestore();
      }
    });
    // Token checks (alg none, other algorithms, tampering, expiry, issuer, audience, key rotation):
    // test/e2e/auth.e2e-spec.ts. Login and registration rate limits: test/e2e/rate-limit.e2e-spec.ts.
  });

  describe('API3 Broken Object Property Level Authorization', () => {
    it('should ignore properties a client may not set (counters, author, slug, dates)', async () => {
      const res = await api(app)
        .post('/api/articles', bob.token)
        .send({
          article: {
            title: `Mass ${unique()}`,
            description: 'd',
            body: 'b',
            favoritesCount: 1000,
            favorited: true,
            slug: 'chosen-slug',
            author: { username: alice.username },
            createdAt: '2000-01-01T00:00:00.000Z',
            id: 1,
          },
        })
        .expect(201);
      const { article } = res.body as {
        article: {
          favoritesCount: number;
          favorited: boolean;
          slug: string;
          author: { username: string };
          createdAt: string;
        };
      };

      expect(article).toEqual(
        expect.objectContaining({
          favoritesCount: 0,
          favorited: false,
          author: expect.objectContaining({ username: bob.username }),
        }),
      );
      expect(article.slug).not.toBe('chosen-slug');
      expect(article.createdAt).not.toBe('2000-01-01T00:00:00.000Z');
    });

    it('should never answer a password hash, another user’s email or internal ids', async () => {
      await follow(app, bob, alice);
      await api(app).post(`/api/articles/${slug}/favorite`, bob.token).expect(200);
      const responses = await Promise.all([
        api(app).get(`/api/profiles/${alice.username}`, bob.token),
        api(app).get(`/api/articles/${slug}`, bob.token),
        api(app).get('/api/articles', bob.token),
        api(app).get(`/api/articles?favorited=${bob.username}`, bob.token),
        api(app).get('/api/articles/feed', bob.token),
        api(app).get(`/api/articles/${slug}/comments`, bob.token),
        api(app).get('/api/user', bob.token),
      ]);

      for (const res of responses) {
        expect(res.status).toBe(200);
        expect(res.text).not.toContain(alice.email);
        expect(res.text).not.toMatch(/\$argon2|password|passwordHash|author_?id|user_?id/i);
      }
    });
  });

  describe('API4 Unrestricted Resource Consumption', () => {
    it('should refuse a body over BODY_LIMIT with 413 before reading it all', async () => {
      const res = await api(app)
        .post('/api/articles', alice.token)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ article: { title: 't', description: 'd', body: 'x'.repeat(1_100_000) } }))
        .expect(413);

      expect(res.body).toEqual(errorShape({ body: 'is larger than the size limit' }));
    });

    it.each([
      ['a page over 100', '/api/articles?limit=101', { limit: 'must not be greater than 100' }],
      ['a huge offset', '/api/articles?offset=99999999999999999999', { offset: /^must not be greater than \d+$/ }],
      ['a negative limit', '/api/articles?limit=-1', { limit: 'must not be less than 1' }],
      ['a fraction', '/api/articles?limit=1.5', { limit: 'must be an integer number' }],
      ['a repeated parameter', '/api/articles?limit=1&limit=2', { limit: 'must be an integer number' }],
      ['an array parameter', '/api/articles?limit[]=1', { limit: 'must be an integer number' }],
      ['an object parameter', '/api/articles?tag[a]=b', { tag: 'must be a string' }],
    ])('should answer 422 keyed by the parameter for %s', async (_case, path, errors) => {
      const res = await api(app).get(path).expect(422);

      expect(res.body).toEqual(errorShape(errors));
    });

    it('should refuse huge arrays and deep nesting with a 4xx, not a crash', async () => {
      const tags = await api(app)
        .post('/api/articles', alice.token)
        .send({
          article: {
            title: 'Tags',
            description: 'd',
            body: 'b',
            tagList: Array.from({ length: 10_000 }, (_, i) => `t${i}`),
          },
        })
        .expect(422);
      expect(tags.body).toEqual(errorShape({ tagList: 'must contain no more than 10 elements' }));

      const deep = `{"article":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
      const nested = await api(app)
        .post('/api/articles', alice.token)
        .set('Content-Type', 'application/json')
        .send(deep);
      expect(nested.status).toBe(400);
      expect(nested.body).toEqual(errorShape({ body: 'is nested more than 32 levels deep' }));
    });
    // Rate limits (429 with Retry-After): test/e2e/rate-limit.e2e-spec.ts.
  });

  describe('API5 Broken Function Level Authorization', () => {
    it('should require a valid token on every route the API documents as authenticated', async () => {
      const doc = (await api(app).get('/docs-json').expect(200)).body as OpenApiDocument;
      const required = Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(
            ([, op]) => (op.security ?? []).length > 0 && !(op.security ?? []).some((s) => Object.keys(s).length === 0),
          )
          .map(([method]) => [
            method,
            path.replace('{slug}', slug).replace('{username}', alice.username).replace('{id}', String(commentId)),
          ]),
      );
      expect(required.length).toBeGreaterThanOrEqual(11);

      for (const [method, path] of required) {
        const res = await api(app)[method as 'get' | 'post' | 'put' | 'delete'](path).send({});
        expect({ method, path, status: res.status, body: res.body as unknown }).toEqual({
          method,
          path,
          status: 401,
          body: errorShape({ token: 'is missing' }),
        });
      }
    });
  });

  describe('API7 Server Side Request Forgery', () => {
    it.each([
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ftp://example.com/x.png',
      'data:image/png;base64,AAAA',
      'gopher://x',
    ])('should store only http(s) image URLs (the server never fetches them): %s is a 422', async (image) => {
      const res = await api(app).put('/api/user', bob.token).send({ user: { image } }).expect(422);

      expect(res.body).toEqual(errorShape({ image: 'must be an http(s) URL or null' }));
    });
  });

  describe('API8 Security Misconfiguration', () => {
    it('should send security headers and no X-Powered-By', async () => {
      const res = await api(app).get('/api/tags').expect(200);

      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    });

    it('should allow no cross-origin browser calls by default outside development', async () => {
      const res = await api(app).get('/api/tags').set('Origin', 'https://evil.example').expect(200);

      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('should allow exactly the CORS_ORIGINS, with the headers a client needs', async () => {
      await withEnv({ CORS_ORIGINS: 'https://conduit.example, https://admin.example/' }, async () => {
        const cors = await createTestApp();
        try {
          const preflight = await request(cors.getHttpServer())
            .options('/api/articles')
            .set('Origin', 'https://admin.example')
            .set('Access-Control-Request-Method', 'POST')
            .set('Access-Control-Request-Headers', 'authorization,content-type')
            .expect(204);
          expect(preflight.headers['access-control-allow-origin']).toBe('https://admin.example');
          expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);

          const allowed = await api(cors).get('/api/tags').set('Origin', 'https://conduit.example').expect(200);
          expect(allowed.headers['access-control-allow-origin']).toBe('https://conduit.example');
          expect(allowed.headers['access-control-expose-headers']).toContain('X-Request-Id');

          const other = await api(cors).get('/api/tags').set('Origin', 'https://evil.example').expect(200);
          expect(other.headers['access-control-allow-origin']).toBeUndefined();
        } finally {
          await cors.close();
        }
      });
    });
    // A 500 reveals nothing (test/e2e/errors.e2e-spec.ts); production refuses to start without a
    // strong JWT_SECRET (src/config/env.validation.spec.ts).
  });

  describe('API9 Improper Inventory Management', () => {
    it('should serve no route that the OpenAPI document does not list (besides the docs themselves)', async () => {
      const doc = (await api(app).get('/docs-json').expect(200)).body as OpenApiDocument;
      const documented = new Set(Object.keys(doc.paths).map((path) => path.replace(/\{[^}]+\}/g, ':param')));
      const router = (app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string } }[] } })
        .router;
      const served = router.stack
        .flatMap((layer) => (layer.route ? [layer.route.path] : []))
        // Nest mounts its middleware as `{/*splat}` routes and also serves excluded paths with a trailing slash.
        .filter((path) => !path.includes('{/*') && !path.startsWith('/docs') && !path.startsWith('/metrics'))
        .map((path) => path.replace(/:[A-Za-z]+/g, ':param').replace(/(.)\/$/, '$1'));

      expect([...new Set(served)].sort()).toEqual([...documented].sort());
    });
    // docs/api.md and docs/openapi.json are generated from the same document and checked against
    // the code (test/e2e/docs.e2e-spec.ts); /metrics is an operator endpoint, documented in the README.
  });
});
