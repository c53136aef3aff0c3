import { DataSource, QueryRunner } from 'typeorm';
import { BulkCopy, readNextIds, StatementLimits } from './bulk-copy';

/** SQLite's SQLITE_MAX_VARIABLE_NUMBER (better-sqlite3 builds with 32766): bound parameters per statement. */
const SQLITE_MAX_PARAMETERS = 32_766;
const SQLITE_MAX_STATEMENT_BYTES = 64 * 1024 * 1024;

/** Copying into and out of a SQLite file: one transaction per table, counters in sqlite_sequence. */
export class SqliteBulkCopy implements BulkCopy {
  readonly batchesPerTransaction = Number.POSITIVE_INFINITY;

  constructor(private readonly dataSource: DataSource) {}

  statementLimits(): Promise<StatementLimits> {
    return Promise.resolve({ parameters: SQLITE_MAX_PARAMETERS, bytes: SQLITE_MAX_STATEMENT_BYTES });
  }

  /** A deferred transaction: its first read fixes the state every later read sees. */
  async startSnapshot(runner: QueryRunner): Promise<void> {
    await runner.query('BEGIN');
  }

  /** sqlite_sequence: AUTOINCREMENT never reuses an id, even of a deleted last row. */
  nextIds(snapshot: QueryRunner): Promise<Record<string, number>> {
    return readNextIds(snapshot, 'SELECT name, seq + 1 AS next FROM sqlite_sequence');
  }

  async setNextId(table: string, next: number): Promise<void> {
    const [row] = await this.dataSource.query<unknown[]>('SELECT seq FROM sqlite_sequence WHERE name = ?', [table]);
    await this.dataSource.query(
      row === undefined
        ? 'INSERT INTO sqlite_sequence (seq, name) VALUES (?, ?)'
        : 'UPDATE sqlite_sequence SET seq = ? WHERE name = ?',
      [next - 1, table],
    );
  }

  /** The whole file: the copy wrote every table. */
  async analyze(): Promise<void> {
    await this.dataSource.query('ANALYZE');
  }
}
