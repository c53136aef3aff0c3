import { DataSource, DataSourceOptions } from 'typeorm';
import { IN_MEMORY_SQLITE } from '../data-source-options';
import { byDialect, dbTypeOf, dialectOfType, UnsupportedDatabaseError } from '../dialect/db-type';
import { BackupError, oneLine } from './errors';
import { Dialect } from './manifest';

type MysqlConnectionOptions = Extract<DataSourceOptions, { type: 'mysql' | 'mariadb' }>;

/** The configured database's dialect, as a manifest names it (its DB_TYPE). */
export function dialectOf(options: DataSourceOptions): Dialect {
  try {
    return dbTypeOf(options);
  } catch (error) {
    if (error instanceof UnsupportedDatabaseError) {
      throw new BackupError(`backups support SQLite, MySQL and MariaDB, not ${error.type}`);
    }
    throw error;
  }
}

/** A MySQL dump loads into MariaDB and back (the same migrations make both): only SQLite differs. */
export const sameFamily = (a: Dialect, b: Dialect): boolean => dialectOfType(a) === dialectOfType(b);

/** The SQLite file the options open; an in-memory database has nothing to back up or restore into. */
export function sqlitePath(options: DataSourceOptions): string {
  const path = (options as { database?: unknown }).database;
  if (typeof path !== 'string' || path === IN_MEMORY_SQLITE) {
    throw new BackupError(`DB_PATH is ${String(path)}: backups need a database file`);
  }
  return path;
}

export interface MysqlConnection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** The primary's address and credentials (a backup reads, and a restore writes, the primary). */
export function mysqlConnection(options: DataSourceOptions): MysqlConnection {
  const mysql = options as MysqlConnectionOptions;
  const primary = mysql.replication?.master ?? mysql;
  return {
    host: primary.host ?? '127.0.0.1',
    port: primary.port ?? 3306,
    user: primary.username ?? 'root',
    password: primary.password ?? '',
    database: mysql.database ?? primary.database ?? '',
  };
}

/**
 * The options for one short-lived connection of the backup tools: never migrating on its own, quiet
 * (a failure is reported as one line), on MySQL to the primary only, without a database when
 * `database` is null (to look at or create the database itself).
 */
export function toolOptions(options: DataSourceOptions, database?: string | null): DataSourceOptions {
  return byDialect<DataSourceOptions>(options, {
    sqlite: (sqlite) => ({ ...sqlite, ...(database ? { database } : {}), migrationsRun: false, logging: false }),
    mysql: (mysql) => {
      const rest: MysqlConnectionOptions = { ...mysql, replication: undefined };
      const { host, port, user, password, database: configured } = mysqlConnection(mysql);
      const connection = { host, port, username: user, password, poolSize: 2, logging: false } as const;
      if (database === null) {
        // TypeORM wants a database for entities: the server alone has none.
        return {
          type: rest.type,
          charset: rest.charset,
          timezone: rest.timezone,
          connectTimeout: rest.connectTimeout,
          ...connection,
        };
      }
      return { ...rest, ...connection, database: database ?? configured, migrationsRun: false };
    },
  });
}

/** Opens a DataSource, hands it to `use`, and always closes it. Failing to connect is one line naming the database. */
export async function withDataSource<T>(
  options: DataSourceOptions,
  use: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new BackupError(`cannot open ${describeDatabase(options)}: ${oneLine(error)}`);
  }
  try {
    return await use(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** `the SQLite file data/conduit.sqlite`, `the database conduit on 127.0.0.1:3306`, `the server 127.0.0.1:3306`. */
export function describeDatabase(options: DataSourceOptions): string {
  return byDialect(options, {
    sqlite: (sqlite) => `the SQLite file ${String(sqlite.database)}`,
    mysql: (mysql) => {
      const { host, port } = mysqlConnection(mysql);
      return mysql.database ? `the database ${mysql.database} on ${host}:${port}` : `the server ${host}:${port}`;
    },
  });
}
