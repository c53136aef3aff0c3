import { extractToken } from './jwt.strategy';

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
