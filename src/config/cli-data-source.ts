import { DataSourceOptions } from 'typeorm';
import { buildDataSourceOptions } from '../database/data-source-options';
import { loadEnvFile, loadEnvironment } from './environment';

/** The TypeORM CLI and the db:* commands run outside Nest, so they load and validate the environment themselves. */
export function cliDataSourceOptions(): DataSourceOptions {
  loadEnvFile();
  return { ...buildDataSourceOptions(loadEnvironment()), migrationsRun: false, logging: ['error', 'schema'] };
}
