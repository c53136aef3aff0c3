import { DataSourceOptions, QueryRunner } from 'typeorm';
import { byDialect } from './db-type';

/** How large one multi-row INSERT may grow on a database. */
export interface StatementLimits {
  /** Bound parameters per statement. */
  parameters: number;
  /** An upper bound of the statement's size. */
  bytes: number;
}

/**
 * What copying a whole database (db:copy) needs of a dialect beyond the statements both speak: a
 * snapshot to read the source in, how the target takes the rows, and its auto-increment counters.
 * A dialect's BulkCopy works on that dialect's data source.
 */
export interface BulkCopy {
  /**
   * Batches written between two commits: SQLite writes a whole table in one transaction (its writes
   * are cheap, its commits are not); MySQL commits each batch, so no transaction grows with the table.
   */
  readonly batchesPerTransaction: number;

  /** The limits of one INSERT on this database. */
  statementLimits(): Promise<StatementLimits>;

  /**
   * Starts a read-only transaction on `runner`, one connection of this database, in which every
   * read sees the same committed state whatever the server writes meanwhile.
   */
  startSnapshot(runner: QueryRunner): Promise<void>;

  /** The id each auto-increment table would give its next row, read through `snapshot`. */
  nextIds(snapshot: QueryRunner): Promise<Record<string, number>>;

  /** Makes `table` give its next row the id `next`, even past ids that no row holds. */
  setNextId(table: string, next: number): Promise<void>;

  /** Fresh planner statistics for `tables`. */
  analyze(tables: string[]): Promise<void>;
}

/** The `name, next` rows of a dialect's counters query, by table. */
export async function readNextIds(snapshot: QueryRunner, sql: string): Promise<Record<string, number>> {
  const rows = (await snapshot.query(sql)) as { name: string; next: unknown }[];
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.next)]));
}

/**
 * The options of a database that is only read, through one snapshot: SQLite read-only (no switch to
 * WAL, the file must exist); MySQL with a pool of one connection, which the snapshot then holds, so
 * a read that went around it would wait rather than see another state of the data.
 */
export function snapshotSourceOptions(options: DataSourceOptions): DataSourceOptions {
  return byDialect<DataSourceOptions>(options, {
    sqlite: (sqlite) => ({ ...sqlite, readonly: true, fileMustExist: true, enableWAL: false }),
    mysql: (mysql) => ({ ...mysql, poolSize: 1 }),
  });
}
