import { KeyObject } from 'node:crypto';
import { withEnvironment } from '../../test/support/with-environment';
import { jwtConfig, keyId } from './jwt.config';

describe('jwtConfig', () => {
  const current = 'c'.repeat(40);
  const previous = ['p'.repeat(40), 'q'.repeat(40)];
  const config = withEnvironment({ JWT_SECRET: current, JWT_PREVIOUS_SECRETS: previous.join(',') }, () => jwtConfig());

  // jsonwebtoken turns a string or Buffer key into a KeyObject on every call, trying to parse it as
  // a PEM public key first: the keys must be KeyObjects already, made once.
  it('should hold every key as a secret KeyObject, made once', () => {
    for (const key of [config.signingKey, ...config.verificationKeys.values()]) {
      expect(key).toBeInstanceOf(KeyObject);
      expect(key.type).toBe('secret');
    }
  });

  it('should sign with JWT_SECRET and verify with it and every previous secret, by key id', () => {
    expect(config.signingKey.export().toString('utf8')).toBe(current);
    expect(config.keyId).toBe(keyId(current));
    expect([...config.verificationKeys].map(([id, key]) => [id, key.export().toString('utf8')])).toEqual(
      [current, ...previous].map((secret) => [keyId(secret), secret]),
    );
  });
});
