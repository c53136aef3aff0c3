import { DataSource, QueryRunner } from 'typeorm';
import { BulkCopy } from './bulk-copy';
import { ClassifiedError, classifyError } from './classify-error';
import { QueryRunnerSession, Session, WriteResult } from './session';
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
   * True where the driver takes a statement's fixed text with positional values and prepares it;
   * elsewhere every statement is bound with TypeORM's escaping (SQLite's writes numbers and dates
   * into the text).
   */
  abstract readonly prepares: boolean;

  /**
   * The rows of a read outside a transaction, on a read connection (a replica's, when TypeORM's
   * read routing has one).
   */
  read(sql: string, values: unknown[], prepared: boolean): Promise<unknown[]> {
    return this.withRunner(this.dataSource.createQueryRunner('slave'), (session) =>
      session.rows(sql, values, prepared),
    );
  }

  /** A write outside a transaction, on the primary. */
  write(sql: string, values: unknown[], prepared: boolean): Promise<WriteResult> {
    return this.withRunner(this.dataSource.createQueryRunner('master'), (session) =>
      session.write(sql, values, prepared),
    );
  }

  /** Runs `work` in one transaction, retried or queued as this database needs. */
  abstract transaction<T>(work: (session: Session) => Promise<T>): Promise<T>;

  private async withRunner<T>(runner: QueryRunner, work: (session: Session) => Promise<T>): Promise<T> {
    try {
      return await work(new QueryRunnerSession(runner));
    } finally {
      await runner.release();
    }
  }

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
