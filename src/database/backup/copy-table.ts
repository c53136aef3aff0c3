import { DataSource, QueryRunner } from 'typeorm';
import { StatementLimits } from '../dialect/bulk-copy';
import { SEEDED_BY_MIGRATIONS } from './copy-checks';
import { TableDigest, TableHasher } from './digest';
import { readRows, Row } from './rows';
import { DataTable } from './tables';

export interface CopyTableOptions {
  batchRows: number;
  /** The target's (BulkCopy.statementLimits). */
  limits: StatementLimits;
  /** Batches written between two commits (BulkCopy.batchesPerTransaction of the target). */
  perTransaction: number;
  onRows: (done: number) => void;
}

/**
 * Copies one table: each batch read through the source's snapshot becomes one multi-row INSERT
 * (more only when it would pass the statement limits), with every column and the source's ids,
 * committed every `perTransaction` batches. Returns the digest of the rows read and the last one.
 */
export async function copyTable(
  snapshot: QueryRunner,
  target: DataSource,
  table: DataTable,
  { batchRows, limits, perTransaction, onRows }: CopyTableOptions,
): Promise<{ digest: TableDigest; lastRow: Row | undefined }> {
  const quote = (name: string) => target.driver.escape(name);
  const hasher = new TableHasher(table);
  const runner = target.createQueryRunner();
  let done = 0;
  let batches = 0;
  let lastRow: Row | undefined;
  try {
    await runner.startTransaction();
    const seeded = SEEDED_BY_MIGRATIONS[table.name];
    if (seeded) {
      await runner.query(`DELETE FROM ${quote(table.name)} WHERE ${seeded(quote)}`);
    }
    for await (const rows of readRows(snapshot.connection, table, batchRows, snapshot)) {
      for (const { sql, parameters } of insertStatements(quote, table, rows, limits)) {
        await runner.query(sql, parameters);
      }
      rows.forEach((row) => hasher.add(row));
      lastRow = rows[rows.length - 1];
      done += rows.length;
      if (++batches % perTransaction === 0) {
        await runner.commitTransaction();
        await runner.startTransaction();
      }
      onRows(done);
    }
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) {
      await runner.rollbackTransaction().catch(() => undefined);
    }
    throw error;
  } finally {
    await runner.release();
  }
  return { digest: hasher.digest(), lastRow };
}

/** `INSERT INTO t (all columns) VALUES (?, …), (?, …)…` for the rows, split only where the limits say. */
function* insertStatements(
  quote: (name: string) => string,
  table: DataTable,
  rows: Row[],
  limits: StatementLimits,
): Generator<{ sql: string; parameters: unknown[] }> {
  const head = `INSERT INTO ${quote(table.name)} (${table.columns.map(({ name }) => quote(name)).join(', ')}) VALUES `;
  const tuple = `(${table.columns.map(() => '?').join(', ')})`;
  let parameters: unknown[] = [];
  let count = 0;
  let bytes = 0;
  const statement = () => ({ sql: head + new Array<string>(count).fill(tuple).join(', '), parameters });
  for (const row of rows) {
    const values = table.columns.map(({ name }) => row[name]);
    // An upper bound of the escaped UTF-8 size: at most 3 bytes per UTF-16 unit, quotes and commas.
    const size = values.reduce<number>(
      (sum, value) => sum + (typeof value === 'string' ? value.length * 3 + 4 : 24),
      4,
    );
    if (count > 0 && ((count + 1) * values.length > limits.parameters || bytes + size > limits.bytes)) {
      yield statement();
      parameters = [];
      count = 0;
      bytes = 0;
    }
    parameters.push(...values);
    count++;
    bytes += size;
  }
  if (count > 0) {
    yield statement();
  }
}

/** The auto-increment primary key column of a table, if it has one. */
export function autoIncrementColumn(dataSource: DataSource, tableName: string): string | undefined {
  const metadata = dataSource.entityMetadatas.find((entity) => entity.tableName === tableName);
  return metadata?.primaryColumns.find((column) => column.generationStrategy === 'increment')?.databaseName;
}
