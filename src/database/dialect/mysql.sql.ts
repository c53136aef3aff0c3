import { SqlFragments } from './statement';

/**
 * MySQL's and MariaDB's pieces of SQL, in a file of their own so that code which only needs the
 * statements' text (the benchmark's floor server, the generated SQL files) loads no TypeORM.
 */
export const MYSQL_SQL: SqlFragments = {
  dialect: 'mysql',
  jsonArrayAgg: (expression) => `JSON_ARRAYAGG(${expression})`,
  tableWithIndex: (table, alias, index) => `${table} ${alias} FORCE INDEX (${index})`,
  upsertIncrement: (_key, column) => `ON DUPLICATE KEY UPDATE ${column} = ${column} + 1`,
  forUpdate: ' FOR UPDATE',
};
