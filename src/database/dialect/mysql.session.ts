import type { ExecuteValues, PoolConnection, QueryError, ResultSetHeader } from 'mysql2';
import { Logger as TypeOrmLogger, QueryFailedError } from 'typeorm';
import { Session, WriteResult } from './session';

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

  send(sql: string, values: unknown[], prepared: boolean): Promise<unknown> {
    this.logger.logQuery(sql, values);
    return new Promise((resolve, reject) => {
      const done = (error: QueryError | null, result: unknown) => {
        if (error) {
          this.logger.logQueryError(error, sql, values);
          reject(new QueryFailedError(sql, values, error));
        } else {
          resolve(result);
        }
      };
      if (prepared) {
        this.connection.execute(sql, values as ExecuteValues[], done);
      } else {
        this.connection.query(sql, values, done);
      }
    });
  }
}
