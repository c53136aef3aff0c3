// The floor's only way to the database: the app's own statements (src/**/*.statements.ts), their
// MySQL text as the server builds it, sent through mysql2's text protocol with the pool settings
// TypeORM gives the server, so the database receives the same statement text and returns the same
// rows.
import { createPool, Pool, PoolConnection, QueryValues, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { MYSQL_SQL } from '../../../src/database/dialect/mysql.sql';
import { Statement, StatementParameters } from '../../../src/database/dialect/statement';

export interface FloorDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** The server's DB_POOL_SIZE. */
  connectionLimit: number;
}

/** A pool, or one connection inside a transaction. */
export type Queryable = Pool | PoolConnection;

/**
 * mysql2 settings as TypeORM's MysqlDriver.createConnectionOptions makes them from
 * src/database/data-source-options.ts: the same charset and time zone (so dates are written and read
 * alike), big numbers as strings, objects stringified, and no stack trace captured per query.
 */
export function floorPool(database: FloorDatabase): Pool {
  return createPool({
    ...database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    connectTimeout: 10_000,
    supportBigNumbers: true,
    bigNumberStrings: true,
    stringifyObjects: true,
    trace: false,
    namedPlaceholders: true,
  });
}

const texts = new Map<Statement<never, unknown>, string>();

/**
 * The statement's MySQL text for mysql2's named placeholders. TypeORM writes `:...names` (an array)
 * as `?, ?, ?` with one value each, which mysql2 formats as `'a', 'b', 'c'`; mysql2 formats an array
 * bound to one `?` as the same list, so `:...names` only loses its dots.
 */
export function floorSql<P extends StatementParameters>(statement: Statement<P, unknown>): string {
  const key = statement as unknown as Statement<never, unknown>;
  let text = texts.get(key);
  if (text === undefined) {
    text = statement.sql(MYSQL_SQL).replaceAll(':...', ':');
    texts.set(key, text);
  }
  return text;
}

/** mysql2 reads the parameters without changing them; its types only want arrays that are not readonly. */
const values = (parameters: StatementParameters) => parameters as QueryValues;

export async function rows<P extends StatementParameters, R>(
  db: Queryable,
  statement: Statement<P, R>,
  parameters: P,
): Promise<R[]> {
  const [result] = await db.query<RowDataPacket[]>(floorSql(statement), values(parameters));
  return result as R[];
}

export async function first<P extends StatementParameters, R>(
  db: Queryable,
  statement: Statement<P, R>,
  parameters: P,
): Promise<R | undefined> {
  return (await rows(db, statement, parameters))[0];
}

export async function run<P extends StatementParameters>(
  db: Queryable,
  statement: Statement<P, unknown>,
  parameters: P,
): Promise<ResultSetHeader> {
  const [result] = await db.query<ResultSetHeader>(floorSql(statement), values(parameters));
  return result;
}
