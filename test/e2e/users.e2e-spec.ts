import { NestExpressApplication } from '@nestjs/platform-express';
import { HashingBusyError, PasswordHasher } from '../../src/auth/password-hasher';
import { api, errorShape, registerUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { aUser, unique } from '../support/factories';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

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

    it('should answer 422 when the email is taken, whatever its case', async () => {
      const first = await registerUser(app);

      const res = await api(app)
        .post('/api/users')
        .send({ user: aUser({ email: first.email.toUpperCase() }) })
        .expect(422);

      expect(res.body).toEqual(errorShape('email has already been taken'));
    });

    it('should answer 422 when the username is taken, whatever its case', async () => {
      const first = await registerUser(app);

      const res = await api(app)
        .post('/api/users')
        .send({ user: aUser({ username: first.username.toUpperCase() }) })
        .expect(422);

      expect(res.body).toEqual(errorShape('username has already been taken'));
    });

    it('should name both fields when email and username are both taken', async () => {
      const first = await registerUser(app);

      const res = await api(app)
        .post('/api/users')
        .send({ user: aUser({ email: first.email, username: first.username }) })
        .expect(422);

      expect(res.body).toEqual(errorShape('email has already been taken', 'username has already been taken'));
    });

    it.each([
      ['no envelope', { username: 'a', email: 'a@b.co', password: 'password1' }, /^user /],
      ['missing username', { user: { email: 'a@b.co', password: 'password1' } }, /^user\.username /],
      ['missing email', { user: { username: 'abc', password: 'password1' } }, /^user\.email /],
      ['missing password', { user: { username: 'abc', email: 'a@b.co' } }, /^user\.password /],
      ['invalid email', { user: { username: 'abc', email: 'not-an-email', password: 'password1' } }, /^user\.email /],
      ['short password', { user: { username: 'abc', email: 'a@b.co', password: 'short' } }, /^user\.password /],
      [
        'username with spaces',
        { user: { username: 'a b', email: 'a@b.co', password: 'password1' } },
        /^user\.username /,
      ],
      [
        'username too long',
        { user: { username: 'a'.repeat(33), email: 'a@b.co', password: 'password1' } },
        /^user\.username /,
      ],
      ['number as username', { user: { username: 12345, email: 'a@b.co', password: 'password1' } }, /^user\.username /],
      ['user as a string', { user: 'jake' }, /^user /],
      ['user as an array', { user: [] }, /^user /],
    ])('should answer 422 naming the field for %s', async (_case, body, message) => {
      const res = await api(app).post('/api/users').send(body).expect(422);

      expect(res.body).toEqual({ errors: { body: expect.arrayContaining([expect.stringMatching(message)]) } });
    });

    it('should let exactly one of many parallel registrations of one username succeed', async () => {
      const username = `race_${unique()}`;
      const attempts = Array.from({ length: 8 }, (_, i) =>
        api(app)
          .post('/api/users')
          .send({ user: aUser({ username: i % 2 === 0 ? username : username.toUpperCase() }) }),
      );

      const statuses = (await Promise.all(attempts)).map((res) => res.status).sort();

      expect(statuses).toEqual([201, 422, 422, 422, 422, 422, 422, 422]);
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

      expect(wrongPassword.body).toEqual(errorShape('email or password is invalid'));
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
          expect(res.body).toEqual(errorShape('too many sign-ins at once, try again shortly'));
        }
      } finally {
        busy.mockRestore();
      }
      await api(app)
        .post('/api/users/login')
        .send({ user: { email: newcomer.email, password: newcomer.password } })
        .expect(401);
    });

    it('should answer 422 naming the field when the password is missing', async () => {
      const res = await api(app)
        .post('/api/users/login')
        .send({ user: { email: 'a@b.co' } })
        .expect(422);

      expect(res.body).toEqual(errorShape(/^user\.password /));
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

      expect(res.body).toEqual(errorShape(/^authorization token is missing/));
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
        .expect(401);
    });

    it('should accept keeping your own email and username, in another case', async () => {
      const user = await registerUser(app);

      const res = await api(app)
        .put('/api/user', user.token)
        .send({ user: { email: user.email, username: user.username.toUpperCase() } })
        .expect(200);

      expect(res.body.user.username).toBe(user.username.toUpperCase());
    });

    it("should answer 422 when taking another user's email or username, and change nothing", async () => {
      const other = await registerUser(app);
      const user = await registerUser(app);

      const res = await api(app)
        .put('/api/user', user.token)
        .send({ user: { email: other.email.toUpperCase(), bio: 'changed' } })
        .expect(422);
      const res2 = await api(app)
        .put('/api/user', user.token)
        .send({ user: { username: other.username } })
        .expect(422);

      expect(res.body).toEqual(errorShape('email has already been taken'));
      expect(res2.body).toEqual(errorShape('username has already been taken'));
      const current = await api(app).get('/api/user', user.token).expect(200);
      expect(current.body.user).toEqual(expect.objectContaining({ email: user.email, bio: null }));
    });

    it.each([
      ['an empty user', { user: {} }, /^user must contain at least one field/],
      ['no envelope', { bio: 'x' }, /^user /],
      [
        'an image that is not an http(s) URL',
        { user: { image: 'javascript:alert(1)' } },
        /^user\.image must be an http\(s\) URL/,
      ],
      ['a bio that is a number', { user: { bio: 42 } }, /^user\.bio /],
      ['an invalid email', { user: { email: 'nope' } }, /^user\.email /],
      ['a short password', { user: { password: 'short' } }, /^user\.password /],
      ['a null email', { user: { email: null } }, /^user\.email must not be null$/],
      ['a null username', { user: { username: null } }, /^user\.username must not be null$/],
      ['a null password', { user: { password: null } }, /^user\.password must not be null$/],
      [
        'only fields the client may not set',
        { user: { id: 1, token: 'x' } },
        /^user must contain at least one field to update$/,
      ],
    ])('should answer 422 for %s', async (_case, body, message) => {
      const user = await registerUser(app);

      const res = await api(app).put('/api/user', user.token).send(body).expect(422);

      expect(res.body).toEqual({ errors: { body: expect.arrayContaining([expect.stringMatching(message)]) } });
    });

    it('should answer 401 without a token', async () => {
      await api(app)
        .put('/api/user')
        .send({ user: { bio: 'x' } })
        .expect(401);
    });
  });
});
