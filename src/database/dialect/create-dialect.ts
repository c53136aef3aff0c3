import { DataSource } from 'typeorm';
import { Dialect } from './dialect';
import { MysqlDialect } from './mysql.dialect';
import { SqliteDialect } from './sqlite.dialect';

/** The one place that asks which database the data source is. */
export function createDialect(dataSource: DataSource): Dialect {
  switch (dataSource.options.type) {
    case 'better-sqlite3':
      return new SqliteDialect(dataSource);
    case 'mysql':
    case 'mariadb':
      return new MysqlDialect(dataSource);
    default:
      throw new Error(`unsupported database type ${dataSource.options.type}`);
  }
}
