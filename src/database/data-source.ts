import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { cliDataSourceOptions } from '../config/cli-data-source';

/** Used by the TypeORM CLI (`npm run migration:*`) on the built output: `dist/database/data-source.js`. */
export const dataSource = new DataSource(cliDataSourceOptions());
