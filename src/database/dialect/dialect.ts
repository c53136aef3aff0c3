import { DataSource, EntityManager } from 'typeorm';
import { BulkCopy } from './bulk-copy';
import { ClassifiedError, classifyError } from './classify-error';
import { DialectName, SqlFragments } from './statement';

/** How busy the connection pool is, for /metrics. */
export interface PoolStats {
  max: number;
  open: number;
  idle: number;
  waiting: number;
}

/**
 * Everything that differs between MySQL/MariaDB and SQLite, in one object provided through DI: the
 * SQL fragments statements are built from, how a transaction runs, what a driver's result and pool
 * look like. Code outside src/database/dialect asks it what to do, never which database it is.
 */
export abstract class Dialect {
  abstract readonly name: DialectName;
  abstract readonly sql: SqlFragments;

  /**
   * True where every request shares one connection, so a rolled-back transaction would also discard
   * what other requests wrote meanwhile: there, a write that expects to be refused checks first.
   */
  abstract readonly sharesOneConnection: boolean;

  /** True where TypeORM's `replication` option can route reads to replicas. */
  abstract readonly supportsReadReplicas: boolean;

  constructor(protected readonly dataSource: DataSource) {}

  /**
   * The rows of a read outside a transaction, on a read connection (a replica's, when TypeORM's
   * read routing has one). `prepared`: the text is one of the statements' fixed texts, worth
   * preparing once per connection where the driver can.
   */
  async read(sql: string, values: unknown[], _prepared: boolean): Promise<unknown[]> {
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      return (await runner.query(sql, values)) as unknown[];
    } finally {
      await runner.release();
    }
  }

  /** Runs `work` in one transaction, retried or queued as this database needs. */
  abstract transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;

  /** The auto-increment id in a driver's raw result of a one-row INSERT. */
  abstract insertedId(raw: unknown): number;

  abstract poolStats(): PoolStats;

  /** What copying a whole database into or out of this one needs (db:copy); the server never asks. */
  abstract bulkCopy(): BulkCopy;

  /** What a failed statement means (unique, foreign key, deadlock, unavailable), if anything. */
  classifyError(error: unknown): ClassifiedError | undefined {
    return classifyError(error);
  }
}

/** A positive safe integer id, or an error naming what the driver gave instead. */
export function checkedId(id: unknown): number {
  const value = Number(id);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`the INSERT gave no auto-increment id (${String(id)})`);
  }
  return value;
}
