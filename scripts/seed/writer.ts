// The seed writes through one of two writers behind this interface: multi-row INSERTs on MySQL/MariaDB,
// prepared statements in large transactions on SQLite. Both take the rows as SQL-ready values.

/** A value as both dialects take it: datetimes are already UTC text (see rows.ts). */
export type SqlValue = string | number | null;

export interface Writer {
  count(table: string): Promise<number>;
  /** Empties the tables (and, on SQLite, restarts their ids). */
  truncate(tables: string[]): Promise<void>;
  insert(table: string, columns: string[], rows: SqlValue[][]): Promise<void>;
  /** Refreshes the optimiser's statistics after the bulk load. */
  analyze(tables: string[]): Promise<void>;
  close(): Promise<void>;
}
