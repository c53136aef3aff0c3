import { NestExpressApplication } from '@nestjs/platform-express';
import { createHmac } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { keyId } from '../../src/config/jwt.config';
import { api, createArticle, errorShape, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { withEnv } from '../support/env';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, signTestToken } from '../support/tokens';

const SECRET = process.env.JWT_SECRET as string;
const subjectOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string }).sub;

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Claims of `token` with `changes` applied, re-signed with the right secret unless told otherwise. */
const forge = (token: string, header: object, claims: object, secret: string | null = SECRET): string => {
  const original = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as object;
  const unsigned = `${base64url(header)}.${base64url({ ...original, ...claims })}`;
  const signature = secret === null ? '' : createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
};

describe('JWT authentication (e2e)', () => {
  let app: NestExpressApplication;
  let user: RegisteredUser;

  beforeAll(async () => {
    app = await createTestApp();
    user = await registerUser(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it('should accept the Token and Bearer schemes, case-insensitively', async () => {
    for (const scheme of ['Token', 'Bearer', 'token', 'bearer']) {
      await api(app).get('/api/user').set('Authorization', `${scheme} ${user.token}`).expect(200);
    }
  });

  it.each([
    [
      'a token signed with another secret',
      () => forge(user.token, { alg: 'HS256', typ: 'JWT' }, {}, 'another-secret-another-secret-xx'),
    ],
    ['a tampered payload', () => forge(user.token, { alg: 'HS256', typ: 'JWT' }, { sub: '999999' }, null) + 'x'],
    ['alg "none"', () => forge(user.token, { alg: 'none', typ: 'JWT' }, {}, null)],
    [
      'HS512 with the right secret',
      () => signTestToken({ sub: subjectOf(user.token), username: user.username }, { algorithm: 'HS512' }),
    ],
    ['a non-numeric subject', () => signTestToken({ sub: 'admin', username: user.username })],
    ['no username claim', () => signTestToken({ sub: subjectOf(user.token) })],
    [
      'another issuer',
      () => signTestToken({ sub: subjectOf(user.token), username: user.username }, { issuer: 'someone-else' }),
    ],
    [
      'another audience',
      () => signTestToken({ sub: subjectOf(user.token), username: user.username }, { audience: 'other-app' }),
    ],
    [
      'no issuer or audience',
      () =>
        sign({ username: user.username }, SECRET, {
          algorithm: 'HS256',
          subject: subjectOf(user.token),
          keyid: keyId(SECRET),
        }),
    ],
    [
      'no expiry',
      () =>
        sign({ username: user.username }, SECRET, {
          algorithm: 'HS256',
          subject: subjectOf(user.token),
          keyid: keyId(SECRET),
          issuer: DEFAULT_ISSUER,
          audience: DEFAULT_AUDIENCE,
        }),
    ],
    [
      'an unknown key id',
      () => signTestToken({ sub: subjectOf(user.token), username: user.username }, { kid: 'unknown-kid' }),
    ],
    [
      'a token not yet valid',
      () => signTestToken({ sub: subjectOf(user.token), username: user.username }, { notBefore: 60 }),
    ],
    [
      'an unknown key id and no signature',
      () => `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'x' })).toString('base64url')}.e30.`,
    ],
    ['garbage', () => 'not-a-jwt'],
  ])('should answer 401 for %s', async (_case, makeToken) => {
    const res = await api(app).get('/api/user', makeToken()).expect(401);

    expect(res.body).toEqual(errorShape({ token: 'is invalid' }));
  });

  it('should answer 401 "has expired" on the token for an expired token', async () => {
    const expired = signTestToken({ sub: subjectOf(user.token), username: user.username }, { expiresIn: -10 });

    const res = await api(app).get('/api/user', expired).expect(401);

    expect(res.body).toEqual(errorShape({ token: 'has expired' }));
  });

  it('should tolerate a few seconds of clock difference (JWT_CLOCK_TOLERANCE_S, 5 s by default)', async () => {
    const justExpired = signTestToken({ sub: subjectOf(user.token), username: user.username }, { expiresIn: -2 });
    const startsSoon = signTestToken({ sub: subjectOf(user.token), username: user.username }, { notBefore: 2 });

    await api(app).get('/api/user', justExpired).expect(200);
    await api(app).get('/api/user', startsSoon).expect(200);
  });

  it('should accept a token the server signed, with its issuer, audience and key id', async () => {
    const token = signTestToken({ sub: subjectOf(user.token), username: user.username });

    await api(app).get('/api/user', token).expect(200);
    expect(JSON.parse(Buffer.from(user.token.split('.')[0], 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'JWT',
      kid: keyId(SECRET),
    });
    expect(JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString())).toEqual(
      expect.objectContaining({ iss: DEFAULT_ISSUER, aud: DEFAULT_AUDIENCE }),
    );
  });

  it.each([
    ['another authorization scheme', () => `Basic ${user.token}`],
    ['a token without a scheme', () => user.token],
    ['a scheme without a token', () => 'Token'],
  ])('should answer 401 "is malformed" on the token for %s', async (_case, header) => {
    const res = await api(app).get('/api/user').set('Authorization', header()).expect(401);

    expect(res.body).toEqual(errorShape({ token: 'is malformed: send "Authorization: Token <jwt>"' }));
  });

  it.each([
    ['an empty header', ''],
    ['a blank header', '   '],
  ])(
    'should take %s as no token: 401 "is missing" where one is required, anonymous elsewhere',
    async (_case, header) => {
      const required = await api(app).get('/api/user').set('Authorization', header).expect(401);
      await api(app).get('/api/articles').set('Authorization', header).expect(200);

      expect(required.body).toEqual(errorShape({ token: 'is missing' }));
    },
  );

  it('should answer 401 "is missing" on the token without an Authorization header', async () => {
    const res = await api(app).get('/api/user').expect(401);

    expect(res.body).toEqual(errorShape({ token: 'is missing' }));
  });

  it('should answer 401 for an invalid token on a public route too', async () => {
    const res = await api(app)
      .post('/api/users/login', 'not-a-jwt')
      .send({ user: { email: user.email, password: user.password } })
      .expect(401);

    expect(res.body).toEqual(errorShape({ token: 'is invalid' }));
  });

  it('should answer 401, not write anything, when a deleted user’s token is used to write', async () => {
    const author = await registerUser(app);
    const { slug } = await createArticle(app, author);
    const ghost = signTestToken({ sub: 987654321, username: 'ghost' });

    for (const [method, path, body] of [
      ['post', '/api/articles', { article: { title: 'Ghost', description: 'd', body: 'b' } }],
      ['post', `/api/articles/${slug}/favorite`, {}],
      ['delete', `/api/articles/${slug}/favorite`, {}],
      ['post', `/api/articles/${slug}/comments`, { comment: { body: 'boo' } }],
      ['post', `/api/profiles/${author.username}/follow`, {}],
    ] as const) {
      const res = await api(app)[method](path, ghost).send(body);
      expect({ method, path, status: res.status, body: res.body as unknown }).toEqual({
        method,
        path,
        status: 401,
        body: errorShape({ token: 'refers to a user that no longer exists' }),
      });
    }
    const after = await api(app).get(`/api/articles/${slug}`).expect(200);
    expect(after.body).toEqual({ article: expect.objectContaining({ favoritesCount: 0 }) });
  });

  it('should answer 401 when the token names a user that does not exist', async () => {
    const ghost = signTestToken({ sub: 987654321, username: 'ghost' });

    const res = await api(app).get('/api/user', ghost).expect(401);

    expect(res.body).toEqual(errorShape({ token: 'refers to a user that no longer exists' }));
  });
});

describe('JWT key rotation (e2e)', () => {
  const OLD_SECRET = 'the-secret-before-rotation-0123456789abcdef';
  const NEW_SECRET = 'the-secret-after-rotation-0123456789abcdefgh';
  const withSecrets = (secret: string, previous?: string) =>
    withEnv({ JWT_SECRET: secret, JWT_PREVIOUS_SECRETS: previous }, () => createTestApp());

  it('should keep accepting tokens of JWT_PREVIOUS_SECRETS while signing new ones with JWT_SECRET', async () => {
    const app = await withSecrets(NEW_SECRET, `another-old-secret-0123456789abcdef, ${OLD_SECRET}`);
    try {
      const user = await registerUser(app);
      const claims = { sub: subjectOf(user.token), username: user.username };
      const issuedBeforeRotation = signTestToken(claims, { secret: OLD_SECRET });

      await api(app).get('/api/user', issuedBeforeRotation).expect(200);
      await api(app).get('/api/user', user.token).expect(200);
      expect(JSON.parse(Buffer.from(user.token.split('.')[0], 'base64url').toString())).toEqual(
        expect.objectContaining({ kid: keyId(NEW_SECRET) }),
      );
      // The key id only selects a key: the signature must still match it.
      await api(app)
        .get(
          '/api/user',
          signTestToken(claims, { secret: 'forged-0123456789abcdef-0123456789', kid: keyId(OLD_SECRET) }),
        )
        .expect(401, errorShape({ token: 'is invalid' }));
      // Without a key id, only the current secret verifies.
      await api(app)
        .get('/api/user', signTestToken(claims, { secret: OLD_SECRET, kid: null }))
        .expect(401, errorShape({ token: 'is invalid' }));
      await api(app)
        .get('/api/user', signTestToken(claims, { secret: NEW_SECRET, kid: null }))
        .expect(200);
    } finally {
      await app.close();
    }
  });

  it('should reject the old tokens once the previous secret is removed', async () => {
    const app = await withSecrets(NEW_SECRET);
    try {
      const user = await registerUser(app);
      const issuedBeforeRotation = signTestToken(
        { sub: subjectOf(user.token), username: user.username },
        { secret: OLD_SECRET },
      );

      const res = await api(app).get('/api/user', issuedBeforeRotation).expect(401);

      expect(res.body).toEqual(errorShape({ token: 'is invalid' }));
    } finally {
      await app.close();
    }
  });
});
