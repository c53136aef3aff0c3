import { registerAs } from '@nestjs/config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { parseEnv } from './env.validation';

export const databaseConfig = registerAs('database', () => buildDataSourceOptions(parseEnv(process.env)));
