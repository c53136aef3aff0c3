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
}

/**
 * `table` limited to the `columns` the data has. A backup (mode `backup`) may come from a database
 * older than the code, whose tables lack columns later migrations add: they are left out of the
 * digest. A restore checks the columns its manifest names (mode `verify`): a missing one is an error.
 */
export function fitTable(table: DataTable, columns: string[], mode: 'backup' | 'verify'): DataTable {
  const missing = table.columns.map((column) => column.name).filter((name) => !columns.includes(name));
  if (missing.length > 0 && (mode === 'verify' || table.primaryKey.some((key) => missing.includes(key)))) {
    throw new BackupError(`table ${table.name} has no column ${missing.join(', ')}`);
  }
  return { ...table, columns: table.columns.filter((column) => columns.includes(column.name)) };
}
