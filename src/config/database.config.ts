import { registerAs } from '@nestjs/config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { loadEnvironment } from './environment';

export const databaseConfig = registerAs('database', () => buildDataSourceOptions(loadEnvironment()));
