import { DataSourceOptions } from 'typeorm';
import { mysqlWriter } from './mysql-writer';
import { sqliteWriter } from './sqlite-writer';
import { Writer } from './writer';

/** The configured database as the seed uses it: TypeORM options, a name for the log, and a writer. */
export interface SeedTarget {
  options: DataSourceOptions;
  where: string;
  openWriter(): Promise<Writer>;
}

/**
 * The server's data source options as the seed needs them: no migrations at initialisation (the
 * seed runs them itself), no query log, and with read replicas (DB_READ_HOSTS) the primary alone,
 * since the seed writes.
 */
export function seedTarget(configured: DataSourceOptions): SeedTarget {
  if (configured.type === 'better-sqlite3') {
    const options = { ...configured, migrationsRun: false, logging: false };
    return { options, where: options.database, openWriter: () => Promise.resolve(sqliteWriter(options.database)) };
  }
  if (configured.type === 'mysql' || configured.type === 'mariadb') {
    const { replication, ...single } = configured;
    const options = { ...single, ...replication?.master, migrationsRun: false, logging: false };
    return {
      options,
      where: `${options.host}:${options.port}/${options.database}`,
      openWriter: () => mysqlWriter(options),
    };
  }
  throw new Error(`the seed writes to SQLite, MySQL or MariaDB, not ${configured.type}`);
}
