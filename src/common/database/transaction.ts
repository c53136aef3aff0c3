import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

const RETRYABLE_MYSQL_ERRORS = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 5;

/** One queue per SQLite database: TypeORM gives all of better-sqlite3's callers a single connection. */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/** The embedded SQLite file (better-sqlite3), as opposed to a MySQL/MariaDB server. */
export const isSqlite = (dataSource: DataSource): boolean => dataSource.options.type === 'better-sqlite3';

/**
 * Runs `work` in one transaction. On MySQL/MariaDB a transaction chosen as a deadlock victim (or that
 * timed out on a lock) is retried from the start, a few times, so callers see a result, not a 500.
 * On SQLite, transactions run one after another: its single connection cannot hold two at once.
 */
export async function runInTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>) {
  if (isSqlite(dataSource)) {
    const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(() => dataSource.transaction(work));
    sqliteQueues.set(dataSource, current);
    return current;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      const code = (error as { driverError?: { code?: string } }).driverError?.code;
      if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE_MYSQL_ERRORS.has(code)) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}

/**
 * `SELECT … FOR UPDATE` on MySQL/MariaDB (the rows stay locked until the transaction ends). SQLite has
 * no row locks and needs none: runInTransaction already runs its transactions one at a time.
 */
export function forUpdate<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return isSqlite(query.connection) ? query : query.setLock('pessimistic_write');
}
