import { DataSource } from 'typeorm';
import { canonicalValue, DataTable } from './tables';

/** Rows per statement when a whole table is read: a page of the primary key, never an OFFSET. */
export const BATCH_ROWS = 5000;

export type Row = Record<string, unknown>;

/** What statements go through: a DataSource (any pooled connection) or one QueryRunner (one connection, its transaction). */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Every row of `table` in primary-key order, a batch at a time, each row's values canonical
 * (canonicalValue). Keyset paging (`WHERE key > last`) reads each batch from the primary index
 * however deep into the table it is, on both dialects. The statements go `through` the data source's
 * pool unless given one connection, such as the QueryRunner that holds a snapshot transaction.
 */
export async function* readRows(
  dataSource: DataSource,
  table: DataTable,
  batchRows = BATCH_ROWS,
  through: Queryable = dataSource,
): AsyncGenerator<Row[]> {
  const quote = (name: string) => dataSource.driver.escape(name);
  const columns = table.columns.map((column) => quote(column.name)).join(', ');
  const order = table.primaryKey.map(quote).join(', ');
  let last: Row | undefined;
  for (;;) {
    const { where, parameters } = last ? after(table.primaryKey, last, quote) : { where: '', parameters: [] };
    const raws = (await through.query(
      `SELECT ${columns} FROM ${quote(table.name)}${where} ORDER BY ${order} LIMIT ${batchRows}`,
      parameters,
    )) as Row[];
    if (raws.length === 0) {
      return;
    }
    const rows = raws.map((raw) =>
      Object.fromEntries(table.columns.map(({ name, kind }) => [name, canonicalValue(kind, raw[name])])),
    );
    yield rows;
    if (raws.length < batchRows) {
      return;
    }
    last = rows[rows.length - 1];
  }
}

/** `(a, b) > (x, y)` spelled out (`a > x OR (a = x AND b > y)`), which both dialects plan as a range. */
function after(key: string[], last: Row, quote: (name: string) => string): { where: string; parameters: unknown[] } {
  const clauses: string[] = [];
  const parameters: unknown[] = [];
  key.forEach((column, index) => {
    const equal = key.slice(0, index).map((previous) => `${quote(previous)} = ?`);
    clauses.push(`(${[...equal, `${quote(column)} > ?`].join(' AND ')})`);
    parameters.push(...key.slice(0, index).map((previous) => last[previous]), last[column]);
  });
  return { where: ` WHERE ${clauses.join(' OR ')}`, parameters };
}
