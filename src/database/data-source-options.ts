import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { EnvironmentVariables } from '../config/env.validation';
import { parseHostList } from '../config/lists';
import { ENTITIES } from './entities';
import { mysqlMigrations } from './migrations/mysql';
import { sqliteMigrations } from './migrations/sqlite';

export const IN_MEMORY_SQLITE = ':memory:';

/**
 * TypeORM options for the configured dialect. The schema always comes from the dialect's migrations,
 * never from `synchronize`. SQLite runs pending migrations at start by default (one process owns the
 * file); MySQL/MariaDB only when DB_MIGRATIONS_RUN=true, so PM2 workers never race on them.
 */
export function buildDataSourceOptions(env: EnvironmentVariables): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    synchronize: false,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
  } as const;

  if (env.DB_TYPE === 'sqlite') {
    if (env.DB_PATH !== IN_MEMORY_SQLITE) {
      mkdirSync(dirname(env.DB_PATH), { recursive: true });
    }
    return {
      ...common,
      type: 'better-sqlite3',
      database: env.DB_PATH,
      migrations: sqliteMigrations,
      migrationsRun: env.DB_MIGRATIONS_RUN ?? true,
      enableWAL: env.DB_PATH !== IN_MEMORY_SQLITE,
      timeout: 5000,
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
      },
    };
  }

  const primary = {
    host: env.DB_HOST,
    port: env.DB_PORT,
    username: env.DB_USER,
    password: env.DB_PASSWORD,
    database: env.DB_NAME,
  };
  const replicas = parseHostList(env.DB_READ_HOSTS).map(({ host, port }) => ({
    host,
    port,
    username: env.DB_READ_USER ?? env.DB_USER,
    password: env.DB_READ_PASSWORD ?? env.DB_PASSWORD,
    database: env.DB_NAME,
  }));
  return {
    ...common,
    type: env.DB_TYPE,
    ...(replicas.length === 0
      ? primary
      : {
          // TypeORM sends writes, transactions and raw queries to `master`, other reads to `slaves`;
          // ReadRouter (database/replication) picks the replica and falls back to the primary. mysql2's
          // cluster must neither retry nor drop a failing replica itself: the router's checks decide.
          replication: {
            master: primary,
            slaves: replicas,
            canRetry: false,
            removeNodeErrorCount: Number.MAX_SAFE_INTEGER,
            restoreNodeTimeout: 0,
          },
        }),
    database: env.DB_NAME,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize: env.DB_POOL_SIZE,
    connectTimeout: 10_000,
    // mysql2's promise API (TypeORM's) captures a stack trace for every query, for errors that
    // rarely come: 1.5–3% of the CPU of a list or a write in a profile. TypeORM's QueryFailedError
    // still carries the statement and its own stack.
    extra: { trace: false },
    migrations: mysqlMigrations,
    migrationsRun: env.DB_MIGRATIONS_RUN ?? false,
  };
}
