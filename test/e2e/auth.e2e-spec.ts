import { NestExpressApplication } from '@nestjs/platform-express';
import { createHmac } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { api, errorShape, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';

const SECRET = process.env.JWT_SECRET as string;

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
      () => sign({ username: user.username }, SECRET, { algorithm: 'HS512', subject: '1' }),
    ],
    [
      'a non-numeric subject',
      () => sign({ username: user.username }, SECRET, { algorithm: 'HS256', subject: 'admin' }),
    ],
    ['no username claim', () => sign({}, SECRET, { algorithm: 'HS256', subject: '1' })],
    ['garbage', () => 'not-a-jwt'],
  ])('should answer 401 for %s', async (_case, makeToken) => {
    const res = await api(app).get('/api/user', makeToken()).expect(401);

    expect(res.body).toEqual(errorShape('token is invalid'));
  });

  it('should answer 401 "token has expired" for an expired token', async () => {
    const expired = sign({ username: user.username }, SECRET, {
      algorithm: 'HS256',
      subject: '1',
      expiresIn: -10,
    });

    const res = await api(app).get('/api/user', expired).expect(401);

    expect(res.body).toEqual(errorShape('token has expired'));
  });

  it('should answer 401 for another authorization scheme', async () => {
    const res = await api(app).get('/api/user').set('Authorization', `Basic ${user.token}`).expect(401);

    expect(res.body).toEqual(errorShape(/^authorization token is missing or malformed/));
  });

  it('should answer 401 for an invalid token on a public route too', async () => {
    const res = await api(app)
      .post('/api/users/login', 'not-a-jwt')
      .send({ user: { email: user.email, password: user.password } })
      .expect(401);

    expect(res.body).toEqual(errorShape('token is invalid'));
  });

  it('should answer 401 when the token names a user that does not exist', async () => {
    const ghost = sign({ username: 'ghost' }, SECRET, { algorithm: 'HS256', subject: '987654321', expiresIn: 60 });

    const res = await api(app).get('/api/user', ghost).expect(401);

    expect(res.body).toEqual(errorShape('token refers to a user that no longer exists'));
  });
});
