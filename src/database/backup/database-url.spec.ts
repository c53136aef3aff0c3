import { join } from 'node:path';
import { DatabaseUrlError, parseDatabaseUrl, redactPassword } from './database-url';

describe('parseDatabaseUrl and redactPassword', () => {
  it('should read the three kinds of URL, decoding user and password', () => {
    expect(parseDatabaseUrl('mysql://app:p%40ss%3Aword@db.internal:3307/conduit')).toEqual({
      type: 'mysql',
      host: 'db.internal',
      port: 3307,
      user: 'app',
      password: 'p@ss:word',
      database: 'conduit',
    });
    expect(parseDatabaseUrl('mariadb://[::1]/conduit')).toEqual({
      type: 'mariadb',
      host: '::1',
      port: 3306,
      database: 'conduit',
    });
    expect(parseDatabaseUrl('sqlite:data/x.sqlite')).toEqual({
      type: 'sqlite',
      path: join(process.cwd(), 'data/x.sqlite'),
    });
    expect(parseDatabaseUrl('sqlite:///srv/x.sqlite')).toEqual({ type: 'sqlite', path: '/srv/x.sqlite' });
  });

  it('should take a relative SQLite path from the directory it is given', () => {
    expect(parseDatabaseUrl('sqlite:data/x.sqlite', { cwd: '/home/ops' })).toEqual({
      type: 'sqlite',
      path: '/home/ops/data/x.sqlite',
    });
    expect(parseDatabaseUrl('sqlite:/srv/x.sqlite', { cwd: '/home/ops' })).toEqual({
      type: 'sqlite',
      path: '/srv/x.sqlite',
    });
  });

  it('should take the password of a URL with a user and no password from the environment’s (MYSQL_PWD)', () => {
    const password = (url: string) => parseDatabaseUrl(url, { password: 'from-env' });

    expect(password('mysql://app@db/conduit')).toMatchObject({ user: 'app', password: 'from-env' });
    expect(password('mysql://app:in%40url@db/conduit')).toMatchObject({ user: 'app', password: 'in@url' });
    // An empty password is a password; no user is the server's default user, without MYSQL_PWD.
    expect(password('mysql://app:@db/conduit')).not.toHaveProperty('password');
    expect(password('mysql://db/conduit')).not.toHaveProperty('password');
    expect(parseDatabaseUrl('mysql://app@db/conduit')).not.toHaveProperty('password');
  });

  it.each([
    ['//root:hunter2@db/conduit', /^not a database URL: '\/\/root:\*\*\*@db\/conduit'/],
    ['mysql://root:hunter2@db:99999/conduit', /^not a valid URL: 'mysql:\/\/root:\*\*\*@db:99999\/conduit'/],
    ['mysql://root:hunter2/x@db/conduit', /^not a valid URL: 'mysql:\/\/root:\*\*\*@db\/conduit'/],
    ['mysql://root:hunter2@x@db:3306/a/b', /^mysql: URL needs one database name/],
    ['mysql://root:hunter2%zz@db/conduit', /^the password is badly URL-encoded: write % as %25/],
  ])('should not show the password of %s in its refusal', (url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(message);
    expect(() => parseDatabaseUrl(url)).not.toThrow(/hunter2/);
  });

  it('should redact only the password of a URL', () => {
    expect(redactPassword('mysql://app:p@ss/w:rd@db:3306/conduit')).toBe('mysql://app:***@db:3306/conduit');
    expect(redactPassword("Unexpected argument 'mariadb://app:secret@db/conduit'. No")).toBe(
      "Unexpected argument 'mariadb://app:***@db/conduit'. No",
    );
    expect(redactPassword('mysql://app@db:3306/conduit')).toBe('mysql://app@db:3306/conduit');
    expect(redactPassword('mysql://db:3306/conduit')).toBe('mysql://db:3306/conduit');
    expect(redactPassword('sqlite:/srv/conduit.sqlite')).toBe('sqlite:/srv/conduit.sqlite');
  });

  it.each([
    ['postgres://db/conduit', /^unknown database URL scheme 'postgres:'/],
    ['conduit.sqlite', /^not a database URL/],
    ['sqlite:', /^sqlite: needs a file path/],
    ['sqlite::memory:', /name a file/],
    ['mysql://root@127.0.0.1:3306', /needs one database name/],
    ['mysql://root@127.0.0.1:3306/', /needs one database name/],
    ['mysql://root@127.0.0.1:99999/conduit', /^not a valid URL/],
    ['mysql://127.0.0.1/conduit?ssl=true', /no \?parameters/],
    ['mysql://127.0.0.1/my-conduit', /^the database name must be 1-64 letters, digits, _ or \$$/],
  ])('should refuse %s in one line', (url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(DatabaseUrlError);
    expect(() => parseDatabaseUrl(url)).toThrow(message);
  });
});
