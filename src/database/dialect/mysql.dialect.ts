import type { ExecuteValues, PoolConnection, QueryError } from 'mysql2';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import { BulkCopy } from './bulk-copy';
import { checkedId, Dialect, PoolStats } from './dialect';
import { MysqlBulkCopy } from './mysql.bulk-copy';
import { MYSQL_SQL } from './mysql.sql';

export { MYSQL_SQL };

const MAX_ATTEMPTS = 5;

/** The parts of mysql2's pool that say how busy it is (its own fields; mysql2 exposes no API for them). */
interface Mysql2Pool {
  config?: { connectionLimit?: number };
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

/** MySQL and MariaDB through mysql2: a pool of connections, row locks, deadlocks to retry. */
export class MysqlDialect extends Dialect {
  readonly name = 'mysql';
  readonly sql = MYSQL_SQL;
  readonly sharesOneConnection = false;
  readonly supportsReadReplicas = true;

  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /**
   * A transaction chosen as a deadlock victim (or that timed out on a lock) is retried from the
   * start, a few times, so callers see a result, not a 500.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || this.classifyError(error)?.kind !== 'deadlock') {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
      }
    }
  }

  /**
   * Straight on mysql2, without a TypeORM query runner, on the connection TypeORM's read routing
   * gives (`obtainSlaveConnection`, which the replication router replaces). A fixed text runs as a
   * prepared statement (`execute`): MariaDB parses it once per connection and the values travel in
   * the binary protocol, unescaped; its rows are the same as a text query's.
   */
  override async read(sql: string, values: unknown[], prepared: boolean): Promise<unknown[]> {
    const driver = this.dataSource.driver as MysqlDriver;
    const connection = (await driver.obtainSlaveConnection()) as PoolConnection;
    this.dataSource.logger.logQuery(sql, values);
    try {
      return await new Promise<unknown[]>((resolve, reject) => {
        const done = (error: QueryError | null, rows: unknown) =>
          error ? reject(this.failed(error, sql, values)) : resolve(rows as unknown[]);
        if (prepared) {
          connection.execute(sql, values as ExecuteValues[], done);
        } else {
          connection.query(sql, values, done);
        }
      });
    } finally {
      connection.release();
    }
  }

  /** The error TypeORM's query runner would have thrown, logged the same way. */
  private failed(error: QueryError, sql: string, values: unknown[]): QueryFailedError {
    this.dataSource.logger.logQueryError(error, sql, values);
    return new QueryFailedError(sql, values, error);
  }

  insertedId(raw: unknown): number {
    return checkedId((raw as { insertId?: unknown } | undefined)?.insertId);
  }

  /** The primary's pool: with read replicas TypeORM keeps a PoolCluster instead of one pool. */
  poolStats(): PoolStats {
    const driver = this.dataSource.driver as {
      pool?: Mysql2Pool;
      poolCluster?: { _nodes?: Record<string, { pool: Mysql2Pool }> };
    };
    const pool = driver.pool ?? driver.poolCluster?._nodes?.MASTER?.pool;
    const open = pool?._allConnections?.length ?? 0;
    const idle = pool?._freeConnections?.length ?? 0;
    return { max: pool?.config?.connectionLimit ?? 0, open, idle, waiting: pool?._connectionQueue?.length ?? 0 };
  }

  bulkCopy(): BulkCopy {
    return new MysqlBulkCopy(this.dataSource);
  }
}
