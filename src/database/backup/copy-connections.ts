import { existsSync, realpathSync, statSync } from 'node:fs';
import { DataSource, DataSourceOptions, QueryRunner } from 'typeorm';
import { buildDataSourceOptions } from '../data-source-options';
import { BulkCopy, snapshotSourceOptions } from '../dialect/bulk-copy';
import { CopyError, firstLine } from './copy-error';
import { DatabaseLocation, describeLocation, locationEnvironment } from './database-url';

/** A SQLite location by its real path when the file exists, so two spellings of one file are one file. */
export function resolved(location: DatabaseLocation): DatabaseLocation {
  return location.type === 'sqlite' && existsSync(location.path)
    ? { ...location, path: realpathSync(location.path) }
    : location;
}

/** The app's own options for this database (timezone, charset, pragmas…), without running migrations or logging. */
function appOptions(location: DatabaseLocation): DataSourceOptions {
  return { ...buildDataSourceOptions(locationEnvironment(location)), migrationsRun: false, logging: false };
}

/** The source, never written: opened read-only, for one snapshot (snapshotSourceOptions). */
export async function openSource(location: DatabaseLocation): Promise<DataSource> {
  if (location.type === 'sqlite' && !(existsSync(location.path) && statSync(location.path).isFile())) {
    throw new CopyError(`the source file ${location.path} does not exist`);
  }
  return open(snapshotSourceOptions(appOptions(location)), 'source', location);
}

export async function openTarget(location: DatabaseLocation): Promise<DataSource> {
  if (location.type === 'sqlite' && existsSync(location.path) && !statSync(location.path).isFile()) {
    throw new CopyError(`the target ${location.path} is not a file`);
  }
  return open(appOptions(location), 'target', location);
}

async function open(options: DataSourceOptions, role: string, location: DatabaseLocation): Promise<DataSource> {
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
    // A file that is not SQLite fails on its first read, not when it is opened.
    await dataSource.query('SELECT 1');
  } catch (error) {
    if (dataSource.isInitialized) {
      await dataSource.destroy().catch(() => undefined);
    }
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'ER_BAD_DB_ERROR' && location.type !== 'sqlite') {
      throw new CopyError(
        role === 'target'
          ? `the target database ${location.database} does not exist on ${location.host}:${location.port}: create it first with CREATE DATABASE \`${location.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
          : `the source database ${location.database} does not exist on ${location.host}:${location.port}`,
      );
    }
    throw new CopyError(
      `cannot open the ${role} ${describeLocation(location)}: ${firstLine(message ?? String(error))}`,
    );
  }
  return dataSource;
}

/**
 * One connection of the source in a read-only snapshot: every read of the copy goes through it and
 * sees the same committed state, whatever the server writes meanwhile. If the server drops the
 * connection, the next read fails (the copy with it) rather than going on outside the snapshot.
 */
export async function beginSnapshot(source: DataSource, bulkCopy: BulkCopy): Promise<QueryRunner> {
  const snapshot = source.createQueryRunner();
  try {
    await bulkCopy.startSnapshot(snapshot);
    return snapshot;
  } catch (error) {
    await snapshot.release();
    throw error;
  }
}

/** Ends the snapshot (it wrote nothing) and hands its connection back. */
export async function endSnapshot(snapshot: QueryRunner): Promise<void> {
  await snapshot.query('ROLLBACK').catch(() => undefined);
  await snapshot.release();
}
