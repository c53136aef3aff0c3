import { AUTH_RATE_LIMITED, AuthRateLimit } from './rate-limit.decorators';

class Controller {
  @AuthRateLimit()
  login(this: void): void {}

  list(this: void): void {}
}

describe('AuthRateLimit', () => {
  it('should mark only the handler it decorates for the login and registration limits', () => {
    expect(Reflect.getMetadata(AUTH_RATE_LIMITED, Controller.prototype.login)).toBe(true);
    expect(Reflect.getMetadata(AUTH_RATE_LIMITED, Controller.prototype.list)).toBeUndefined();
  });
});
