import { createSecretKey } from 'node:crypto';
import jwt, { SignOptions } from 'jsonwebtoken';
import { TokenError } from '../common/errors/api-errors';
import { JwtConfig, keyId } from '../config/jwt.config';
import { extractToken, TokenVerifier } from './token-verifier';

describe(extractToken.name, () => {
  const withHeader = (authorization?: string) => ({ headers: { authorization } });

  it.each([
    ['Token abc.def.ghi', 'abc.def.ghi'],
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['TOKEN   abc.def.ghi ', 'abc.def.ghi'],
  ])('should read the token from "%s"', (header, token) => {
    expect(extractToken(withHeader(header))).toBe(token);
  });

  it.each([undefined, '', 'abc.def.ghi', 'Basic dXNlcjpwYXNz', 'Token', 'Token a b', 'Token a"b'])(
    'should find no token in %j',
    (header) => {
      expect(extractToken(withHeader(header))).toBeNull();
    },
  );
});

describe(TokenVerifier.name, () => {
  const secret = 'a-test-secret-of-a-reasonable-length';
  const previous = 'the-secret-before-the-last-rotation';
  const config = {
    keyId: keyId(secret),
    verificationKeys: new Map([
      [keyId(secret), createSecretKey(Buffer.from(secret))],
      [keyId(previous), createSecretKey(Buffer.from(previous))],
    ]),
    issuer: 'conduit',
    audience: 'conduit-clients',
    clockToleranceSeconds: 0,
  } as unknown as JwtConfig;
  const verifier = new TokenVerifier(config);
  const claims = { username: 'jake' };
  const sign = (key: string, options: SignOptions = {}, payload: object = claims) =>
    jwt.sign(payload, key, {
      algorithm: 'HS256',
      subject: '7',
      issuer: 'conduit',
      audience: 'conduit-clients',
      expiresIn: 60,
      keyid: keyId(key),
      ...options,
    });
  const problemOf = (token: string) => {
    try {
      verifier.verify(token);
      return 'accepted';
    } catch (error) {
      return error instanceof TokenError ? error.problem : error;
    }
  };

  it('should accept a token signed with the current or a previous secret, and name its user', () => {
    const token = sign(secret);
    expect(verifier.verify(token)).toEqual({ id: 7, username: 'jake', token });
    expect(verifier.verify(sign(previous))).toEqual(expect.objectContaining({ id: 7 }));
  });

  it.each([
    ['expired', () => sign(secret, { expiresIn: -10 }), 'expired'],
    [
      'signed with another secret under a known key id',
      () => sign('someone-else', { keyid: keyId(secret) }),
      'invalid',
    ],
    ['under an unknown key id', () => sign('someone-else'), 'invalid'],
    ['for another audience', () => sign(secret, { audience: 'elsewhere' }), 'invalid'],
    ['from another issuer', () => sign(secret, { issuer: 'elsewhere' }), 'invalid'],
    [
      'without an expiry',
      () =>
        jwt.sign(claims, secret, {
          algorithm: 'HS256',
          subject: '7',
          issuer: 'conduit',
          audience: 'conduit-clients',
          keyid: keyId(secret),
        }),
      'invalid',
    ],
    ['without a username', () => sign(secret, {}, { name: 'jake' }), 'invalid'],
    ['with a subject that is not an id', () => sign(secret, { subject: 'jake' }), 'invalid'],
    ['unsigned', () => jwt.sign(claims, '', { algorithm: 'none', subject: '7', expiresIn: 60 }), 'invalid'],
    ['not a JWT', () => 'abc.def.ghi', 'invalid'],
  ])('should refuse a token %s', (_name, token, problem) => {
    expect(problemOf(token())).toBe(problem);
  });
});
