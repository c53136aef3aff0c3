import { NestExpressApplication } from '@nestjs/platform-express';
import { HashingBusyError, PasswordHasher } from '../../src/auth/password-hashing/password-hasher';
import { api, errorShape, registerUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { aUser, unique } from '../support/factories';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const BLANK = "can't be blank";
const NOT_AN_OBJECT = 'must be an object';
const NOTHING_TO_UPDATE = 'must contain at least one field to update';

const decodeClaims = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

describe('Users and authentication (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('POST /api/users', () => {
    it('should register a user and answer 201 with the user and a token', async () => {
      const user = aUser({ username: `Jake_${unique()}` });

      const res = await api(app).post('/api/users').send({ user }).expect(201);

      expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
      expect(res.body).toEqual({
        user: { email: user.email, username: user.username, bio: null, image: null, token: expect.stringMatching(JWT) },
      });
      const claims = decodeClaims(res.body.user.token);
      expect(claims).toEqual({
        sub: expect.stringMatching(/^\d+$/),
        username: user.username,
        iss: 'conduit-api',
        aud: 'conduit',
        iat: expect.any(Number),
        exp: expect.any(Number),
      });
      expect(JSON.parse(Buffer.from(res.body.user.token.split('.')[0], 'base64url').toString())).toMatchObject({
        alg: 'HS256',
      });
    });

    it('should store the email lowercased and never return a password', async () => {
      const user = aUser();
      const res = await api(app)
        .post('/api/users')
        .send({ user: { ...user, email: `  ${user.email.toUpperCase()} ` } })
        .expect(201);

      expect(res.body.user.email).toBe(user.email);
      expect(JSON.stringify(res.body)).not.toMatch(/password|argon2/i);
    });

    it('should strip fields the client does not own', async () => {
      const user = aUser();
      const res = await api(app)
        .post('/api/users')
        .send({ user: { ...user, bio: 'sneaky', image: 'http://x.test/a.png', id: 1, admin: true }, extra: 1 })
        .expect(201);

      expect(res.body.user).toEqual(expect.objectContaining({ bio: null, image: null }));
      expect(Object.keys(res.body.user).sort()).toEqual(['bio', 'email', 'image', 'token', 'username']);
    });

    it('should answer 409 when the email is taken, whatever its case', async () => {
      const first = await registerUser(app);

      const res = await api(app)
        .post('/api/users')
        .send({ user: aUser({ email: first.email.toUpperCase() }) })
        .expect(409);

      expect(res.body).toEqual(errorShape({ email: 'has already been taken' }));
    });

    it('should answer 409 when the username is taken, whatever its case', async () => {
      const first = await registerUser(app);

      const res = await api(app)
        .post('/api/users')
        .send({ user: aUser({ username: first.username.toUpperCase() }) })
        .expect(409);

      expect(res.body).toEqual(errorShape({ username: 'has already been taken' }));
    });

    it('should answer 409 naming both fields when email and username are both taken', async () => {
      const first = await registerUser(app);

      const res = await api(app)
        .post('/api/users')
        .send({ user: aUser({ email: first.email, username: first.username }) })
        .expect(409);

      expect(res.body).toEqual(errorShape({ email: 'has already been taken', username: 'has already been taken' }));
    });

    const USERNAME_RULE = 'must be 1-32 characters of letters, digits, _ or -';

    it.each([
      ['no envelope', { username: 'a', email: 'a@b.co', password: 'password1' }, { user: BLANK }],
      ['a null envelope', { user: null }, { user: BLANK }],
      ['missing username', { user: { email: 'a@b.co', password: 'password1' } }, { username: BLANK }],
      ['missing email', { user: { username: 'abc', password: 'password1' } }, { email: BLANK }],
      ['missing password', { user: { username: 'abc', email: 'a@b.co' } }, { password: BLANK }],
      ['an empty password', { user: { username: 'abc', email: 'a@b.co', password: '' } }, { password: BLANK }],
      ['a null email', { user: { username: 'abc', email: null, password: 'password1' } }, { email: BLANK }],
      [
        'invalid email',
        { user: { username: 'abc', email: 'not-an-email', password: 'password1' } },
        { email: 'must be a valid email address' },
      ],
      [
        'short password',
        { user: { username: 'abc', email: 'a@b.co', password: 'short' } },
        { password: 'must be longer than or equal to 8 characters' },
      ],
      [
        'username with spaces',
        { user: { username: 'a b', email: 'a@b.co', password: 'password1' } },
        { username: USERNAME_RULE },
      ],
      [
        'username too long',
        { user: { username: 'a'.repeat(33), email: 'a@b.co', password: 'password1' } },
        { username: USERNAME_RULE },
      ],
      [
        'number as username',
        { user: { username: 12345, email: 'a@b.co', password: 'password1' } },
        { username: 'must be a string' },
      ],
      [
        'several invalid fields',
        { user: { username: 'a b', email: 'not-an-email' } },
        { username: USERNAME_RULE, email: 'must be a valid email address', password: BLANK },
      ],
      ['user as a string', { user: 'jake' }, { user: NOT_AN_OBJECT }],
      ['user as an array', { user: [] }, { user: NOT_AN_OBJECT }],
      [
        'user as an empty object',
        { user: {} },
        { username: "can't be blank", email: "can't be blank", password: "can't be blank" },
      ],
    ])('should answer 422 keyed by the field for %s', async (_case, body, errors) => {
      const res = await api(app).post('/api/users').send(body).expect(422);

      expect(res.body).toEqual(errorShape(errors));
    });

    it('should let exactly one of many parallel registrations of one username succeed', async () => {
      const username = `race_${unique()}`;
      const attempts = Array.from({ length: 8 }, (_, i) =>
        api(app)
          .post('/api/users')
          .send({ user: aUser({ username: i % 2 === 0 ? username : username.toUpperCase() }) }),
      );

      const statuses = (await Promise.all(attempts)).map((res) => res.status).sort();

      expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    });
  });

  describe('POST /api/users/login', () => {
    it('should log in with email and password and answer 200 with a token', async () => {
      const user = await registerUser(app);

      const res = await api(app)
        .post('/api/users/login')
        .send({ user: { email: user.email.toUpperCase(), password: user.password } })
        .expect(200);

      expect(res.body).toEqual({
        user: { email: user.email, username: user.username, bio: null, image: null, token: expect.stringMatching(JWT) },
      });
    });

    it('should answer the same 401 for a wrong password and an unknown email', async () => {
      const user = await registerUser(app);

      const wrongPassword = await api(app)
        .post('/api/users/login')
        .send({ user: { email: user.email, password: 'not the password' } })
        .expect(401);
      const unknownEmail = await api(app)
        .post('/api/users/login')
        .send({ user: { email: `nobody_${unique()}@example.com`, password: 'not the password' } })
        .expect(401);

      expect(wrongPassword.body).toEqual(errorShape({ credentials: 'invalid' }));
      expect(unknownEmail.body).toEqual(wrongPassword.body);
    });

    it('should answer 503 with Retry-After, and register no one, while password hashing is overloaded', async () => {
      const user = await registerUser(app);
      const newcomer = aUser();
      const busy = jest
        .spyOn(PasswordHasher.prototype, 'run')
        .mockRejectedValue(new HashingBusyError('128 password hashes already waiting'));
      try {
        const login = await api(app)
          .post('/api/users/login')
          .send({ user: { email: user.email, password: user.password } })
          .expect(503);
        const registration = await api(app).post('/api/users').send({ user: newcomer }).expect(503);

        for (const res of [login, registration]) {
          expect(res.headers['retry-after']).toMatch(/^\d+$/);
          expect(res.body).toEqual(errorShape({ body: 'too many sign-ins at once, try again shortly' }));
        }
      } finally {
        busy.mockRestore();
      }
      await api(app)
        .post('/api/users/login')
        .send({ user: { email: newcomer.email, password: newcomer.password } })
        .expect(401, errorShape({ credentials: 'invalid' }));
    });

    it.each([
      ['the password is missing', { user: { email: 'a@b.co' } }, { password: BLANK }],
      ['the email is empty', { user: { email: '', password: 'password1' } }, { email: BLANK }],
      ['both are missing', { user: { other: 'x' } }, { email: BLANK, password: BLANK }],
      ['the envelope is missing', { email: 'a@b.co', password: 'password1' }, { user: BLANK }],
    ])('should answer 422 keyed by the field when %s', async (_case, body, errors) => {
      const res = await api(app).post('/api/users/login').send(body).expect(422);

      expect(res.body).toEqual(errorShape(errors));
    });
  });

  describe('GET /api/user', () => {
    it('should answer the current user with the token that was sent', async () => {
      const user = await registerUser(app);

      const res = await api(app).get('/api/user', user.token).expect(200);

      expect(res.body).toEqual({
        user: { email: user.email, username: user.username, bio: null, image: null, token: user.token },
      });
    });

    it('should accept the Bearer scheme too', async () => {
      const user = await registerUser(app);

      const res = await api(app).get('/api/user').set('Authorization', `Bearer ${user.token}`).expect(200);

      expect(res.body.user.username).toBe(user.username);
    });

    it('should answer 401 without a token', async () => {
      const res = await api(app).get('/api/user').expect(401);

      expect(res.body).toEqual(errorShape({ token: 'is missing' }));
    });
  });

  describe('PUT /api/user', () => {
    it('should update bio and image and answer with a fresh token', async () => {
      const user = await registerUser(app);

      const res = await api(app)
        .put('/api/user', user.token)
        .send({ user: { bio: 'I like 🐉 dragons', image: 'https://example.com/me.png' } })
        .expect(200);

      expect(res.body).toEqual({
        user: {
          email: user.email,
          username: user.username,
          bio: 'I like 🐉 dragons',
          image: 'https://example.com/me.png',
          token: expect.stringMatching(JWT),
        },
      });
      const again = await api(app).get('/api/user', res.body.user.token).expect(200);
      expect(again.body.user.bio).toBe('I like 🐉 dragons');
    });

    it('should clear bio and image with null or an empty string', async () => {
      const user = await registerUser(app);
      await api(app)
        .put('/api/user', user.token)
        .send({ user: { bio: 'x', image: 'https://example.com/a.png' } })
        .expect(200);

      const res = await api(app)
        .put('/api/user', user.token)
        .send({ user: { bio: null, image: '' } })
        .expect(200);

      expect(res.body.user).toEqual(expect.objectContaining({ bio: null, image: null }));
    });

    it('should change email, username and password', async () => {
      const user = await registerUser(app);
      const next = aUser({ password: 'a brand new passphrase' });

      const res = await api(app)
        .put('/api/user', user.token)
        .send({ user: { email: next.email, username: next.username, password: next.password } })
        .expect(200);

      expect(res.body.user).toEqual(expect.objectContaining({ email: next.email, username: next.username }));
      expect(decodeClaims(res.body.user.token)).toEqual(expect.objectContaining({ username: next.username }));
      await api(app)
        .post('/api/users/login')
        .send({ user: { email: next.email, password: next.password } })
        .expect(200);
      await api(app)
        .post('/api/users/login')
        .send({ user: { email: next.email, password: user.password } })
        .expect(401, errorShape({ credentials: 'invalid' }));
    });

    it('should accept keeping your own email and username, in another case', async () => {
      const user = await registerUser(app);

      const res = await api(app)
        .put('/api/user', user.token)
        .send({ user: { email: user.email, username: user.username.toUpperCase() } })
        .expect(200);

      expect(res.body.user.username).toBe(user.username.toUpperCase());
    });

    it("should answer 409 when taking another user's email or username, and change nothing", async () => {
      const other = await registerUser(app);
      const user = await registerUser(app);

      const res = await api(app)
        .put('/api/user', user.token)
        .send({ user: { email: other.email.toUpperCase(), bio: 'changed' } })
        .expect(409);
      const res2 = await api(app)
        .put('/api/user', user.token)
        .send({ user: { username: other.username } })
        .expect(409);
      const res3 = await api(app)
        .put('/api/user', user.token)
        .send({ user: { email: other.email, username: other.username.toUpperCase() } })
        .expect(409);

      expect(res.body).toEqual(errorShape({ email: 'has already been taken' }));
      expect(res2.body).toEqual(errorShape({ username: 'has already been taken' }));
      expect(res3.body).toEqual(errorShape({ email: 'has already been taken', username: 'has already been taken' }));
      const current = await api(app).get('/api/user', user.token).expect(200);
      expect(current.body.user).toEqual(expect.objectContaining({ email: user.email, bio: null }));
    });

    it.each([
      ['an empty user', { user: {} }, { user: NOTHING_TO_UPDATE }],
      ['no envelope', { bio: 'x' }, { user: BLANK }],
      ['a null envelope', { user: null }, { user: BLANK }],
      ['user as a string', { user: 'jake' }, { user: NOT_AN_OBJECT }],
      ['user as an array', { user: [] }, { user: NOT_AN_OBJECT }],
      [
        'an image that is not an http(s) URL',
        { user: { image: 'javascript:alert(1)' } },
        { image: 'must be an http(s) URL or null' },
      ],
      ['a bio that is a number', { user: { bio: 42 } }, { bio: 'must be a string' }],
      ['an invalid email', { user: { email: 'nope' } }, { email: 'must be a valid email address' }],
      [
        'a short password',
        { user: { password: 'short' } },
        { password: 'must be longer than or equal to 8 characters' },
      ],
      ['a null email', { user: { email: null } }, { email: BLANK }],
      ['a null username', { user: { username: null } }, { username: BLANK }],
      ['a null password', { user: { password: null } }, { password: BLANK }],
      ['a null email beside a valid bio', { user: { email: null, bio: 'x' } }, { email: BLANK }],
      ['only fields the client may not set', { user: { id: 1, token: 'x' } }, { user: NOTHING_TO_UPDATE }],
    ])('should answer 422 keyed by the field for %s', async (_case, body, errors) => {
      const user = await registerUser(app);

      const res = await api(app).put('/api/user', user.token).send(body).expect(422);

      expect(res.body).toEqual(errorShape(errors));
      const current = await api(app).get('/api/user', user.token).expect(200);
      expect(current.body.user).toEqual(
        expect.objectContaining({ email: user.email, username: user.username, bio: null }),
      );
    });

    it('should answer 401 without a token', async () => {
      const res = await api(app)
        .put('/api/user')
        .send({ user: { bio: 'x' } })
        .expect(401);

      expect(res.body).toEqual(errorShape({ token: 'is missing' }));
    });
  });
});
