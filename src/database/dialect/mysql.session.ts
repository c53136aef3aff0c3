import type { ExecuteValues, PoolConnection, QueryError, ResultSetHeader } from 'mysql2';
import { Logger as TypeOrmLogger, QueryFailedError } from 'typeorm';
import { Session, WriteResult } from './session';

/** MariaDB's and MySQL's error when the server-wide limit on prepared statements is reached. */
const ER_MAX_PREPARED_STMT_COUNT_REACHED = 1461;

/**
 * Statements straight on one of mysql2's pooled connections, without a TypeORM query runner. A
 * fixed text runs as a prepared statement (`execute`): MariaDB parses it once per connection and
 * the values travel in the binary protocol, unescaped; its rows are the same as a text query's.
 * Each statement is logged through TypeORM's logger and fails as TypeORM's QueryFailedError, as a
 * query runner's would.
 */
export class MysqlSession implements Session {
  constructor(
    readonly connection: PoolConnection,
    private readonly logger: TypeOrmLogger,
  ) {}

  async rows(sql: string, values: unknown[], prepared: boolean): Promise<unknown[]> {
    return (await this.send(sql, values, prepared)) as unknown[];
  }

  async write(sql: string, values: unknown[], prepared: boolean): Promise<WriteResult> {
    const header = (await this.send(sql, values, prepared)) as ResultSetHeader;
    return { affected: header.affectedRows ?? 0, raw: header };
  }

  async send(sql: string, values: unknown[], prepared: boolean): Promise<unknown> {
    this.logger.logQuery(sql, values);
    try {
      return await (prepared ? this.execute(sql, values) : this.query(sql, values));
    } catch (error) {
      const driverError = error as QueryError;
      // The server holds at most max_prepared_stmt_count statements over all its connections: past
      // that, a statement not yet prepared on this connection is sent as text instead of failing.
      if (prepared && driverError.errno === ER_MAX_PREPARED_STMT_COUNT_REACHED) {
        return this.send(sql, values, false);
      }
      this.logger.logQueryError(driverError, sql, values);
      throw new QueryFailedError(sql, values, driverError);
    }
  }

  private execute(sql: string, values: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.connection.execute(sql, values as ExecuteValues[], (error, result) =>
        error ? reject(error) : resolve(result),
      );
    });
  }

  private query(sql: string, values: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.connection.query(sql, values, (error, result) => (error ? reject(error) : resolve(result)));
    });
  }
}
