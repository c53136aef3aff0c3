import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { parseEnv } from '../../src/config/env.validation';
import { buildDataSourceOptions } from '../../src/database/data-source-options';

export const isMysqlTarget = (): boolean => process.env.DB_TYPE === 'mysql' || process.env.DB_TYPE === 'mariadb';

/** A fresh database name on the MySQL/MariaDB server, unique per run. */
export const uniqueDatabaseName = (purpose: string): string => `conduit_${purpose}_${randomBytes(4).toString('hex')}`;

/** Runs one statement on the server itself (no database selected): CREATE/DROP DATABASE, KILL. */
export async function runOnServer<T = unknown>(sql: string, parameters?: unknown[]): Promise<T> {
  const env = parseEnv(process.env);
  const server = new DataSource({
    type: env.DB_TYPE === 'mariadb' ? 'mariadb' : 'mysql',
    host: env.DB_HOST,
    port: env.DB_PORT,
    username: env.DB_USER,
    password: env.DB_PASSWORD,
  });
  await server.initialize();
  try {
    return await server.query<T>(sql, parameters);
  } finally {
    await server.destroy();
  }
}

export const createDatabase = (name: string) =>
  runOnServer(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
export const dropDatabase = (name: string) => runOnServer(`DROP DATABASE IF EXISTS \`${name}\``);

/** A DataSource for the configured target with `overrides` applied to the environment; not yet initialized. */
export function dataSourceFor(overrides: Record<string, string>): DataSource {
  return new DataSource(buildDataSourceOptions(parseEnv({ ...process.env, ...overrides })));
}

/** A new database on the MySQL/MariaDB server, migrated by the real migrations; returns its name. */
export async function createMigratedDatabase(purpose: string): Promise<string> {
  const name = uniqueDatabaseName(purpose);
  await createDatabase(name);
  const dataSource = dataSourceFor({ DB_NAME: name });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
  return name;
}
