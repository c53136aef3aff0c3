import { DataSource, QueryRunner } from 'typeorm';
import { BulkCopy, readNextIds, StatementLimits } from './bulk-copy';

/** A multi-row INSERT to MySQL stays under this many bytes (and half of the server's max_allowed_packet). */
const MYSQL_MAX_STATEMENT_BYTES = 8 * 1024 * 1024;

/** Copying into and out of MySQL or MariaDB: a commit per batch, counters in AUTO_INCREMENT. */
export class MysqlBulkCopy implements BulkCopy {
  readonly batchesPerTransaction = 1;

  constructor(private readonly dataSource: DataSource) {}

  async statementLimits(): Promise<StatementLimits> {
    const [row] = await this.dataSource.query<{ packet: unknown }[]>('SELECT @@max_allowed_packet AS packet');
    return { parameters: Number.POSITIVE_INFINITY, bytes: Math.min(Number(row.packet) / 2, MYSQL_MAX_STATEMENT_BYTES) };
  }

  async startSnapshot(runner: QueryRunner): Promise<void> {
    // MySQL 8 caches information_schema.TABLES (AUTO_INCREMENT among it) for a day by default.
    await runner.query('SET SESSION information_schema_stats_expiry = 0').catch(() => undefined);
    await runner.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await runner.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  }

  nextIds(snapshot: QueryRunner): Promise<Record<string, number>> {
    return readNextIds(
      snapshot,
      'SELECT TABLE_NAME AS name, AUTO_INCREMENT AS next FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND AUTO_INCREMENT IS NOT NULL',
    );
  }

  async setNextId(table: string, next: number): Promise<void> {
    await this.dataSource.query(
      `ALTER TABLE ${this.dataSource.driver.escape(table)} AUTO_INCREMENT = ${Math.trunc(next)}`,
    );
  }

  async analyze(tables: string[]): Promise<void> {
    await this.dataSource.query(
      `ANALYZE TABLE ${tables.map((name) => this.dataSource.driver.escape(name)).join(', ')}`,
    );
  }
}
