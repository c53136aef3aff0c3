import { DataSourceOptions } from 'typeorm';
import { DbType } from '../database-type';
import { DialectName } from './statement';

/** Options for a driver the app does not run on; `type` is TypeORM's name for it. */
export class UnsupportedDatabaseError extends Error {
  constructor(readonly type: string) {
    super(`unsupported database type ${type}`);
  }
}

/**
 * The DB_TYPE behind TypeORM options (buildDataSourceOptions maps it the other way): the one place
 * that reads TypeORM's driver name, so code that must pick a MySQL or a SQLite implementation
 * (createDialect, the backup tools) asks here.
 */
export function dbTypeOf(options: DataSourceOptions): DbType {
  switch (options.type) {
    case 'better-sqlite3':
      return 'sqlite';
    case 'mysql':
    case 'mariadb':
      return options.type;
    default:
      throw new UnsupportedDatabaseError(options.type);
  }
}

/** The SQL dialect a DB_TYPE speaks: MariaDB speaks MySQL's (the same migrations make both). */
export const dialectOfType = (type: DbType): DialectName => (type === 'sqlite' ? 'sqlite' : 'mysql');

/** The SQL dialect of TypeORM options. */
export const dialectNameOf = (options: DataSourceOptions): DialectName => dialectOfType(dbTypeOf(options));

/** TypeORM's options for the embedded SQLite file, and for a MySQL or MariaDB server. */
export type SqliteOptions = Extract<DataSourceOptions, { type: 'better-sqlite3' }>;
export type MysqlOptions = Extract<DataSourceOptions, { type: 'mysql' | 'mariadb' }>;

/**
 * Calls the implementation for the dialect of `options`, with the options typed for it: the backup
 * tools and the bulk copy have one per dialect, and a new dialect must name its own in every place.
 */
export function byDialect<T>(
  options: DataSourceOptions,
  implementations: { sqlite: (options: SqliteOptions) => T; mysql: (options: MysqlOptions) => T },
): T {
  return dialectNameOf(options) === 'sqlite'
    ? implementations.sqlite(options as SqliteOptions)
    : implementations.mysql(options as MysqlOptions);
}
