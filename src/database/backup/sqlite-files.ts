import { DataSource, DataSourceOptions } from 'typeorm';
import { BackupContents, columnNames, fitTable, sameColumns } from './contents';
import { databaseDigests } from './digest';
import { BackupError } from './errors';
import { MigrationRow } from './migration-check';
import { DataTable, dataTables } from './tables';
import { toolOptions, withDataSource } from './connection';

/** The archive entry of a SQLite backup's data: the snapshot file. */
export const SQLITE_ENTRY = 'conduit.sqlite';

/** The better-sqlite3 handle under TypeORM's driver, for what TypeORM has no API for. */
export interface RawSqlite {
  backup(
    file: string,
    options?: { progress?: (info: { totalPages: number; remainingPages: number }) => number },
  ): Promise<unknown>;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): unknown;
}

export const rawSqlite = (dataSource: DataSource): RawSqlite =>
  (dataSource.driver as unknown as { databaseConnection: RawSqlite }).databaseConnection;

/**
 * The options for a SQLite file that is only read: never switched to WAL, never written. It is
 * opened read-write all the same: a read-only connection to a WAL database cannot remove the -wal
 * and -shm files it creates, and the file's folder must stay as it was.
 */
export const sqliteForReading = (options: DataSourceOptions, file: string): DataSourceOptions =>
  ({ ...toolOptions(options, file), fileMustExist: true, enableWAL: false }) as DataSourceOptions;

/** Every table of the file with its columns. */
async function sqliteColumns(dataSource: DataSource): Promise<Map<string, string[]>> {
  const tables = await dataSource.query<{ name: string }[]>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  );
  const columns = new Map<string, string[]>();
  for (const { name } of tables) {
    const info = await dataSource.query<{ name: string }[]>(`PRAGMA table_info(${dataSource.driver.escape(name)})`);
    columns.set(
      name,
      info.map((column) => column.name),
    );
  }
  return columns;
}

/**
 * What a SQLite file holds: every table with its columns, its data tables, their digests and the
 * migrations rows. In mode `backup` the data tables are the code's, limited to the file's columns;
 * in mode `verify` they are `wanted`, a manifest's, digested only where the file has exactly their
 * columns (schemaProblems tells the rest), and the file must pass SQLite's quick_check first.
 */
export async function sqliteContents(
  options: DataSourceOptions,
  file: string,
  mode: 'backup' | 'verify',
  wanted?: DataTable[],
): Promise<BackupContents> {
  return withDataSource(sqliteForReading(options, file), async (dataSource) => {
    if (mode === 'verify') {
      const [check] = await dataSource.query<{ quick_check: string }[]>('PRAGMA quick_check');
      if (check?.quick_check !== 'ok') {
        throw new BackupError(`the SQLite file fails its integrity check: ${check?.quick_check}`);
      }
    }
    const created = await sqliteColumns(dataSource);
    const tables = (wanted ?? dataTables(dataSource)).flatMap((table) => {
      const columns = created.get(table.name);
      if (!columns) {
        return [];
      }
      if (mode === 'verify') {
        return sameColumns(columnNames(table), columns) ? [table] : [];
      }
      return [fitTable(table, columns)];
    });
    const digests = await databaseDigests(dataSource, tables);
    const migrations = created.has('migrations')
      ? (await dataSource.query<MigrationRow[]>('SELECT id, timestamp, name FROM migrations')).map((row) => ({
          id: Number(row.id),
          timestamp: Number(row.timestamp),
          name: String(row.name),
        }))
      : [];
    return { tables, digests, migrations, created };
  });
}

/** How many tables a SQLite file has. */
export async function sqliteTableCount(options: DataSourceOptions, file: string): Promise<number> {
  return withDataSource(sqliteForReading(options, file), async (dataSource) => (await sqliteColumns(dataSource)).size);
}
