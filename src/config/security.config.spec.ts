import { withEnvironment } from '../../test/support/with-environment';
import { securityConfig } from './security.config';

describe('securityConfig', () => {
  it.each([
    [{ NODE_ENV: 'development' }, true],
    [{ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) }, false],
    [{ NODE_ENV: 'test' }, false],
    [{ CORS_ORIGINS: '*' }, true],
    [{ CORS_ORIGINS: 'https://a.example, https://b.example/' }, ['https://a.example', 'https://b.example']],
  ])('should read CORS origins from %j as %j', (env, origins) => {
    expect(withEnvironment(env, () => securityConfig().corsOrigins)).toEqual(origins);
  });

  it.each([
    [{}, false],
    [{ TRUST_PROXY: 'true' }, true],
    [{ TRUST_PROXY: '2' }, 2],
    [{ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, ['loopback', '10.0.0.0/8']],
  ])('should read TRUST_PROXY from %j as %j', (env, trust) => {
    expect(withEnvironment(env, () => securityConfig().trustProxy)).toEqual(trust);
  });
});
