import { DataSourceOptions } from 'typeorm';
import { describeDatabase, dialectOf, mysqlConnection, sameFamily, sqlitePath, toolOptions } from './connection';

const sqlite = { type: 'better-sqlite3', database: 'data/conduit.sqlite', migrationsRun: true } as DataSourceOptions;
const mariadb = {
  type: 'mariadb',
  host: 'db.internal',
  port: 3307,
  username: 'app',
  password: 'secret',
  database: 'conduit',
  migrationsRun: true,
} as DataSourceOptions;
/** A primary and a replica, as DB_READ_HOSTS configures them. */
const replicated = {
  type: 'mariadb',
  database: 'conduit',
  replication: {
    master: { host: 'primary', port: 3306, username: 'app', password: 'p' },
    slaves: [{ host: 'replica', port: 3306, username: 'app', password: 'p' }],
  },
} as DataSourceOptions;

describe('dialectOf and sameFamily', () => {
  it('should name the dialect as a manifest does, and refuse any other database', () => {
    expect([sqlite, mariadb, { ...mariadb, type: 'mysql' } as DataSourceOptions].map(dialectOf)).toEqual([
      'sqlite',
      'mariadb',
      'mysql',
    ]);
    expect(() => dialectOf({ type: 'postgres' })).toThrow('backups support SQLite, MySQL and MariaDB, not postgres');
  });

  it('should put MySQL and MariaDB in one family, SQLite in its own', () => {
    expect(sameFamily('mysql', 'mariadb')).toBe(true);
    expect(sameFamily('sqlite', 'sqlite')).toBe(true);
    expect(sameFamily('sqlite', 'mariadb')).toBe(false);
  });
});

describe('sqlitePath', () => {
  it('should give the file, and refuse an in-memory database', () => {
    expect(sqlitePath(sqlite)).toBe('data/conduit.sqlite');
    expect(() => sqlitePath({ ...sqlite, database: ':memory:' } as DataSourceOptions)).toThrow(
      'DB_PATH is :memory:: backups need a database file',
    );
  });
});

describe('mysqlConnection', () => {
  it('should give the configured server, with the defaults of the client programs', () => {
    expect(mysqlConnection(mariadb)).toEqual({
      host: 'db.internal',
      port: 3307,
      user: 'app',
      password: 'secret',
      database: 'conduit',
    });
    expect(mysqlConnection({ type: 'mysql' })).toEqual({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      database: '',
    });
  });

  it('should give the primary, never a replica', () => {
    expect(mysqlConnection(replicated)).toMatchObject({ host: 'primary', database: 'conduit' });
  });
});

describe('toolOptions', () => {
  it('should never migrate and never log', () => {
    expect(toolOptions(sqlite)).toMatchObject({
      database: 'data/conduit.sqlite',
      migrationsRun: false,
      logging: false,
    });
    expect(toolOptions(sqlite, 'other.sqlite')).toMatchObject({ database: 'other.sqlite' });
    expect(toolOptions(mariadb)).toMatchObject({ host: 'db.internal', database: 'conduit', migrationsRun: false });
  });

  it('should connect to the primary only, to another database or to the server alone', () => {
    expect(toolOptions(replicated)).toMatchObject({ host: 'primary', replication: undefined, poolSize: 2 });
    expect(toolOptions(mariadb, 'conduit_copy')).toMatchObject({ database: 'conduit_copy' });
    expect(toolOptions(mariadb, null)).not.toHaveProperty('database');
  });
});

describe('describeDatabase', () => {
  it('should name the file, the database and its server, or the server alone', () => {
    expect(describeDatabase(sqlite)).toBe('the SQLite file data/conduit.sqlite');
    expect(describeDatabase(mariadb)).toBe('the database conduit on db.internal:3307');
    expect(describeDatabase({ ...mariadb, database: undefined } as DataSourceOptions)).toBe(
      'the server db.internal:3307',
    );
  });
});
