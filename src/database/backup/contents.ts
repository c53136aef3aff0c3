import { Digests } from './digest';
import { BackupError } from './errors';
import { MigrationRow } from './migration-check';
import { DataTable } from './tables';

/** What a backup's data holds, read from the data itself: a dump's text or a SQLite snapshot. */
export interface BackupContents {
  /** The data tables found, each with the columns its digest covers. */
  tables: DataTable[];
  digests: Digests;
  /** The rows of TypeORM's `migrations` table. */
  migrations: MigrationRow[];
  /** Every table the data creates, with its columns, whether or not it is a data table. */
  created: Map<string, string[]>;
}

/** Tables the data holds that a manifest never lists: TypeORM's bookkeeping and the replication heartbeat. */
export const UNLISTED_TABLES = ['migrations', 'replication_heartbeat'];

/**
 * `table` limited to the `columns` the data has. A backup may come from a database older than the
 * code, whose tables lack columns later migrations add: they are left out of the digest. A missing
 * primary key column is an error.
 */
export function fitTable(table: DataTable, columns: string[]): DataTable {
  const missing = table.primaryKey.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new BackupError(`table ${table.name} has no column ${missing.join(', ')}`);
  }
  return { ...table, columns: table.columns.filter((column) => columns.includes(column.name)) };
}

/** Whether two lists name the same columns, each once (in any order). */
export function sameColumns(a: string[], b: string[]): boolean {
  const names = new Set(a);
  return names.size === a.length && a.length === b.length && b.every((name) => names.has(name));
}

/** The names of a table's columns. */
export const columnNames = (table: DataTable): string[] => table.columns.map((column) => column.name);

/**
 * How the tables the data creates differ from a manifest's (a restore checks what it loads, not
 * only what the manifest lists): a table of the data the manifest does not list (bar
 * UNLISTED_TABLES), a manifest table the data lacks, a table whose columns differ.
 */
export function schemaProblems(manifest: DataTable[], created: Map<string, string[]>): string[] {
  const listed = new Map(manifest.map((table) => [table.name, table]));
  const names = [...new Set([...listed.keys(), ...created.keys()])].sort();
  return names.flatMap((name) => {
    const [table, columns] = [listed.get(name), created.get(name)];
    if (!table) {
      return UNLISTED_TABLES.includes(name) ? [] : [`table ${name} is in the data, not in the manifest`];
    }
    if (!columns) {
      return [`table ${name} is in the manifest, not in the data`];
    }
    const expected = columnNames(table);
    if (sameColumns(expected, columns)) {
      return [];
    }
    const extra = columns.filter((column) => !expected.includes(column));
    const missing = expected.filter((column) => !columns.includes(column));
    return [
      `table ${name}: its columns differ from the manifest's (${[
        ...(extra.length > 0 ? [`not in the manifest: ${extra.join(', ')}`] : []),
        ...(missing.length > 0 ? [`not in the data: ${missing.join(', ')}`] : []),
        ...(extra.length + missing.length === 0 ? ['a column twice'] : []),
      ].join('; ')})`,
    ];
  });
}
