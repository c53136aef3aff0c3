import { DataSource } from 'typeorm';
import { BulkCopy } from './bulk-copy';
import { checkedId, Dialect, PoolStats } from './dialect';
import { QueryRunnerSession, Session } from './session';
import { SqliteBulkCopy } from './sqlite.bulk-copy';
import { SqlFragments } from './statement';

export const SQLITE_SQL: SqlFragments = {
  dialect: 'sqlite',
  jsonArrayAgg: (expression) => `json_group_array(${expression})`,
  tableWithIndex: (table, alias, index) => `${table} ${alias} INDEXED BY ${index}`,
  upsertIncrement: (key, column) => `ON CONFLICT (${key}) DO UPDATE SET ${column} = ${column} + 1`,
  // No row locks, and none needed: transactions run one after another.
  forUpdate: '',
};

/** The embedded SQLite file through better-sqlite3: one connection that every request shares. */
export class SqliteDialect extends Dialect {
  readonly name = 'sqlite';
  readonly sql = SQLITE_SQL;
  readonly sharesOneConnection = true;
  readonly supportsReadReplicas = false;
  readonly prepares = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** Transactions run one after another: TypeORM gives all of better-sqlite3's callers a single connection. */
  transaction<T>(work: (session: Session) => Promise<T>): Promise<T> {
    const current = this.queue
      .catch(() => undefined)
      .then(() =>
        this.dataSource.transaction((manager) => {
          if (!manager.queryRunner) {
            throw new Error('a transaction without its query runner');
          }
          return work(new QueryRunnerSession(manager.queryRunner));
        }),
      );
    this.queue = current;
    return current;
  }

  /** better-sqlite3's `lastInsertRowid`, which TypeORM gives as the raw result. */
  insertedId(raw: unknown): number {
    return checkedId(raw);
  }

  poolStats(): PoolStats {
    const open = this.dataSource.isInitialized ? 1 : 0;
    return { max: 1, open, idle: open, waiting: 0 };
  }

  bulkCopy(): BulkCopy {
    return new SqliteBulkCopy(this.dataSource);
  }
}
