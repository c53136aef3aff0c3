import { DataSource, QueryRunner } from 'typeorm';
import { SEEDED_BY_MIGRATIONS } from './copy-checks';
import { TableDigest, TableHasher } from './digest';
import { readRows, Row } from './rows';
import { DataTable } from './tables';

/** SQLite's SQLITE_MAX_VARIABLE_NUMBER (better-sqlite3 builds with 32766): bound parameters per statement. */
const SQLITE_MAX_PARAMETERS = 32_766;
/** A multi-row INSERT to MySQL stays under this many bytes (and half of the server's max_allowed_packet). */
const MYSQL_MAX_STATEMENT_BYTES = 8 * 1024 * 1024;

export interface StatementLimits {
  parameters: number;
  bytes: number;
}

export async function statementLimits(target: DataSource): Promise<StatementLimits> {
  if (target.options.type === 'better-sqlite3') {
    return { parameters: SQLITE_MAX_PARAMETERS, bytes: 64 * 1024 * 1024 };
  }
  const [row] = await target.query<{ packet: unknown }[]>('SELECT @@max_allowed_packet AS packet');
  return { parameters: Number.POSITIVE_INFINITY, bytes: Math.min(Number(row.packet) / 2, MYSQL_MAX_STATEMENT_BYTES) };
}

/**
 * Copies one table: each batch read through the source's snapshot becomes one multi-row INSERT
 * (more only when it would pass the statement limits), with every column and the source's ids.
 * SQLite writes the whole table in one transaction (its writes are cheap, its commits are not);
 * MySQL commits each batch, so no transaction grows with the table. Returns the digest of the rows
 * read and the last one.
 */
export async function copyTable(
  snapshot: QueryRunner,
  target: DataSource,
  table: DataTable,
  { batchRows, limits, onRows }: { batchRows: number; limits: StatementLimits; onRows: (done: number) => void },
): Promise<{ digest: TableDigest; lastRow: Row | undefined }> {
  const quote = (name: string) => target.driver.escape(name);
  const perTransaction = target.options.type === 'better-sqlite3' ? Number.POSITIVE_INFINITY : 1;
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

/**
 * The id each auto-increment table would give its next row, read through the source's snapshot:
 * SQLite's sqlite_sequence (AUTOINCREMENT never reuses an id, even of a deleted last row), MySQL's
 * AUTO_INCREMENT.
 */
export async function nextIds(snapshot: QueryRunner): Promise<Record<string, number>> {
  const rows = (await snapshot.query(
    snapshot.connection.options.type === 'better-sqlite3'
      ? 'SELECT name, seq + 1 AS next FROM sqlite_sequence'
      : 'SELECT TABLE_NAME AS name, AUTO_INCREMENT AS next FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND AUTO_INCREMENT IS NOT NULL',
  )) as { name: string; next: unknown }[];
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.next)]));
}

/**
 * The target gives the next row of the table this id, the one the source would have given: ids of
 * rows deleted on the source are not handed out again, so a token of a deleted user never names a
 * new one. Explicit ids already move both counters up to the largest id; this also covers the gap.
 */
export async function setNextId(target: DataSource, tableName: string, next: number): Promise<void> {
  if (target.options.type !== 'better-sqlite3') {
    await target.query(`ALTER TABLE ${target.driver.escape(tableName)} AUTO_INCREMENT = ${Math.trunc(next)}`);
    return;
  }
  const [row] = await target.query<unknown[]>('SELECT seq FROM sqlite_sequence WHERE name = ?', [tableName]);
  await target.query(
    row === undefined
      ? 'INSERT INTO sqlite_sequence (seq, name) VALUES (?, ?)'
      : 'UPDATE sqlite_sequence SET seq = ? WHERE name = ?',
    [next - 1, tableName],
  );
}

/** Fresh statistics for the planner, as after a seed: the copied tables are as large as they will be for a while. */
export async function analyze(target: DataSource, tables: DataTable[]): Promise<void> {
  if (target.options.type === 'better-sqlite3') {
    await target.query('ANALYZE');
    return;
  }
  await target.query(`ANALYZE TABLE ${tables.map(({ name }) => target.driver.escape(name)).join(', ')}`);
}
