import { DataSourceOptions } from 'typeorm';
import { buildDataSourceOptions } from '../database/data-source-options';
import { loadEnvironment } from './environment';
import { parseEnv } from './env.validation';

/** The TypeORM CLI runs outside Nest, so it loads and validates the environment itself. */
export function cliDataSourceOptions(): DataSourceOptions {
  loadEnvironment();
  return { ...buildDataSourceOptions(parseEnv(process.env)), migrationsRun: false, logging: ['error', 'schema'] };
}
