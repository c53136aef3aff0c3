import { DataSource, EntityManager } from 'typeorm';
import { BulkCopy } from './bulk-copy';
import { checkedId, Dialect, PoolStats } from './dialect';
import { MysqlBulkCopy } from './mysql.bulk-copy';
import { SqlFragments } from './statement';

const MAX_ATTEMPTS = 5;

/** The parts of mysql2's pool that say how busy it is (its own fields; mysql2 exposes no API for them). */
interface Mysql2Pool {
  config?: { connectionLimit?: number };
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

export const MYSQL_SQL: SqlFragments = {
  dialect: 'mysql',
  jsonArrayAgg: (expression) => `JSON_ARRAYAGG(${expression})`,
  tableWithIndex: (table, alias, index) => `${table} ${alias} FORCE INDEX (${index})`,
  upsertIncrement: (_key, column) => `ON DUPLICATE KEY UPDATE ${column} = ${column} + 1`,
  forUpdate: ' FOR UPDATE',
};

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
