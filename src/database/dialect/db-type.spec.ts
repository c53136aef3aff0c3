import { DataSourceOptions } from 'typeorm';
import { byDialect, dbTypeOf, dialectNameOf, dialectOfType, UnsupportedDatabaseError } from './db-type';

const options = (type: string) => ({ type }) as DataSourceOptions;

describe('dbTypeOf', () => {
  it.each([
    ['better-sqlite3', 'sqlite'],
    ['mysql', 'mysql'],
    ['mariadb', 'mariadb'],
  ])('should name TypeORM type %s as DB_TYPE %s', (type, dbType) => {
    expect(dbTypeOf(options(type))).toBe(dbType);
  });

  it('should refuse another driver, naming it', () => {
    expect(() => dbTypeOf(options('postgres'))).toThrow(new UnsupportedDatabaseError('postgres'));
    expect(() => dbTypeOf(options('postgres'))).toThrow('unsupported database type postgres');
  });
});

describe('dialectNameOf', () => {
  it('should give MySQL and MariaDB one dialect, SQLite its own', () => {
    expect(dialectNameOf(options('better-sqlite3'))).toBe('sqlite');
    expect(dialectNameOf(options('mysql'))).toBe('mysql');
    expect(dialectNameOf(options('mariadb'))).toBe('mysql');
    expect([dialectOfType('sqlite'), dialectOfType('mysql'), dialectOfType('mariadb')]).toEqual([
      'sqlite',
      'mysql',
      'mysql',
    ]);
  });
});

describe('byDialect', () => {
  const implementations = { sqlite: () => 'the SQLite one', mysql: () => 'the MySQL one' };

  it('should call the implementation of the options’ dialect', () => {
    expect(byDialect(options('better-sqlite3'), implementations)).toBe('the SQLite one');
    expect(byDialect(options('mariadb'), implementations)).toBe('the MySQL one');
  });
});
