import { DataSource } from 'typeorm';
import { dialectNameOf } from './db-type';
import { Dialect } from './dialect';
import { MysqlDialect } from './mysql.dialect';
import { SqliteDialect } from './sqlite.dialect';

/** The dialect of the data source (dialectNameOf refuses any other database). */
export function createDialect(dataSource: DataSource): Dialect {
  return dialectNameOf(dataSource.options) === 'sqlite' ? new SqliteDialect(dataSource) : new MysqlDialect(dataSource);
}
