import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { sqlitePath, withDataSource } from './connection';
import { BackupContents } from './contents';
import { BackupError } from './errors';
import { rawSqlite, sqliteForReading, SQLITE_ENTRY, sqliteContents } from './sqlite-files';

/** better-sqlite3's largest step: every remaining page at once. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the configured SQLite database into `dir/conduit.sqlite` with SQLite's online backup API,
 * never a file copy: the copy is one consistent state while the server keeps writing. better-sqlite3
 * first steps 0 pages, then (as asked here) all of them in one step, inside one read transaction: a
 * write by the server (WAL mode: it never waits for a reader) cannot restart a half-done copy.
 */
export async function snapshotSqlite(
  options: DataSourceOptions,
  dir: string,
): Promise<BackupContents & { entry: string }> {
  const source = sqlitePath(options);
  if (!existsSync(source)) {
    throw new BackupError(`the database file ${source} (DB_PATH) does not exist`);
  }
  const file = join(dir, SQLITE_ENTRY);
  await withDataSource(sqliteForReading(options, source), async (dataSource) => {
    await rawSqlite(dataSource).backup(file, { progress: () => ALL_PAGES });
  });
  // The copy keeps the source's WAL mode in its header: make it one self-contained file (the only write).
  await withDataSource(sqliteForReading(options, file), (dataSource) => {
    rawSqlite(dataSource).pragma('journal_mode = DELETE');
    return Promise.resolve();
  });
  return { entry: SQLITE_ENTRY, ...(await sqliteContents(options, file, 'backup')) };
}
