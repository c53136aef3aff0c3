import { existsSync } from 'node:fs';
import { DataSourceOptions } from 'typeorm';
import { buildDataSourceOptions } from '../database/data-source-options';
import { parseEnv } from './env.validation';

/** The TypeORM CLI runs outside Nest, so it loads `.env` itself (existing variables win, as with ConfigModule). */
export function cliDataSourceOptions(): DataSourceOptions {
  if (existsSync('.env')) {
    process.loadEnvFile('.env');
  }
  return { ...buildDataSourceOptions(parseEnv(process.env)), migrationsRun: false, logging: ['error', 'schema'] };
}
