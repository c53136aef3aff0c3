import type { PoolConnection } from 'mysql2';
import { DataSource } from 'typeorm';
import { BulkCopy } from './bulk-copy';
import { checkedId, Dialect, PoolStats } from './dialect';
import { MysqlBulkCopy } from './mysql.bulk-copy';
import { MysqlSession } from './mysql.session';
import { Session, WriteResult } from './session';
import { MYSQL_SQL } from './mysql.sql';

export { MYSQL_SQL };

const MAX_ATTEMPTS = 5;

/** The two ways TypeORM's MySQL driver hands out connections, typed as what they are. */
interface MysqlConnections {
  obtainMasterConnection(): Promise<PoolConnection>;
  obtainSlaveConnection(): Promise<PoolConnection>;
}

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
  readonly prepares = true;

  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /**
   * On one of the primary's connections, without a TypeORM query runner. A transaction chosen as a
   * deadlock victim (or that timed out on a lock) is retried from the start, a few times, so
   * callers see a result, not a 500.
   */
  async transaction<T>(work: (session: Session) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || this.classifyError(error)?.kind !== 'deadlock') {
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
      }
    }
  }

  /** Reads on the connection TypeORM's read routing gives (`obtainSlaveConnection`, which the replication router replaces). */
  override async read(sql: string, values: unknown[], prepared: boolean): Promise<unknown[]> {
    return this.on(await this.driver().obtainSlaveConnection(), (session) => session.rows(sql, values, prepared));
  }

  override async write(sql: string, values: unknown[], prepared: boolean): Promise<WriteResult> {
    return this.on(await this.driver().obtainMasterConnection(), (session) => session.write(sql, values, prepared));
  }

  private async once<T>(work: (session: Session) => Promise<T>): Promise<T> {
    return this.on(await this.driver().obtainMasterConnection(), async (session) => {
      await session.send('START TRANSACTION', [], false);
      try {
        const result = await work(session);
        await session.send('COMMIT', [], false);
        return result;
      } catch (error) {
        // A connection that cannot even roll back is broken: it must not go back to the pool.
        await session.send('ROLLBACK', [], false).catch(() => session.connection.destroy());
        throw error;
      }
    });
  }

  private async on<T>(connection: PoolConnection, work: (session: MysqlSession) => Promise<T>): Promise<T> {
    try {
      return await work(new MysqlSession(connection, this.dataSource.logger));
    } finally {
      connection.release();
    }
  }

  /** TypeORM's MySQL driver, whose connections are mysql2's (its types say `any`). */
  private driver(): MysqlConnections {
    return this.dataSource.driver;
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
