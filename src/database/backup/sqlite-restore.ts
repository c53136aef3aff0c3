import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DataSourceOptions } from 'typeorm';
import { readArchive } from './archive';
import { sqlitePath, withDataSource } from './connection';
import { BackupContents } from './contents';
import { BackupError } from './errors';
import { Manifest, manifestTables } from './manifest';
import { RestoreTarget } from './restore-target';
import { rawSqlite, sqliteContents, sqliteForReading, sqliteTableCount } from './sqlite-files';

/** The files SQLite keeps beside a database: a stale one must never meet the restored file. */
const SIDE_FILES = ['-wal', '-shm', '-journal'];

/**
 * Restores a snapshot into the configured SQLite file (DB_PATH). The server must be stopped: it
 * would go on writing to the file it has open, so a file another process has open is refused. The
 * snapshot is extracted beside DB_PATH, checked there, and renamed over it.
 */
export class SqliteRestoreTarget implements RestoreTarget {
  private readonly path: string;
  private readonly extracted: string;

  constructor(private readonly options: DataSourceOptions) {
    this.path = sqlitePath(options);
    this.extracted = join(dirname(this.path), `.${basename(this.path)}.restore-${randomBytes(4).toString('hex')}`);
  }

  async tableCount(): Promise<number> {
    if (!existsSync(this.path)) {
      return 0;
    }
    try {
      return await sqliteTableCount(this.options, this.path);
    } catch (error) {
      throw new BackupError(`cannot read the target ${this.path}: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  /** Extracts the snapshot beside DB_PATH and reads it back (its integrity, digests and migrations). */
  async readData(file: string, manifest: Manifest): Promise<BackupContents> {
    const names = await readArchive(file, (name, content) =>
      name === manifest.data ? pipeline(content, createWriteStream(this.extracted, { mode: 0o600 })) : undefined,
    );
    if (!names.includes(manifest.data)) {
      throw new BackupError(`${file} has no ${manifest.data}`);
    }
    return sqliteContents(this.options, this.extracted, 'verify', manifestTables(manifest));
  }

  /** Replaces DB_PATH with the checked snapshot, DB_PATH locked: side files first, then one rename. */
  async load(): Promise<void> {
    const previous = await stat(this.path).catch(() => undefined);
    if (!previous) {
      await rename(this.extracted, this.path);
      return;
    }
    await chmod(this.extracted, previous.mode & 0o777);
    await withExclusiveLock(this.options, this.path, async () => {
      for (const suffix of SIDE_FILES) {
        await rm(`${this.path}${suffix}`, { force: true });
      }
      await rename(this.extracted, this.path);
    });
  }

  async cleanup(): Promise<void> {
    for (const suffix of ['', ...SIDE_FILES]) {
      await rm(`${this.extracted}${suffix}`, { force: true });
    }
  }
}

/**
 * Runs `replace` while this process alone has `path` open, or refuses. A lock rather than a look for
 * -wal/-shm: every connection to a WAL database holds a shared lock on it even when idle, while side
 * files may be a crash's leftovers. Locking mode EXCLUSIVE keeps the lock until close; leaving WAL
 * first checkpoints, so closing deletes no side file by name. (An idle connection in rollback-journal
 * mode holds no lock and cannot be seen; the server always opens a file in WAL mode.)
 */
async function withExclusiveLock(
  options: DataSourceOptions,
  path: string,
  replace: () => Promise<void>,
): Promise<void> {
  const locking = {
    ...sqliteForReading(options, path),
    timeout: 0,
    prepareDatabase: (db: { pragma(source: string): unknown }) => db.pragma('locking_mode = EXCLUSIVE'),
  } as DataSourceOptions;
  await withDataSource(locking, async (dataSource) => {
    const raw = rawSqlite(dataSource);
    try {
      raw.pragma('journal_mode = DELETE');
      raw.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') {
        throw new BackupError(`the SQLite file ${path} is open by another process: stop the server first`);
      }
      throw error;
    }
    try {
      await replace();
    } finally {
      raw.exec('ROLLBACK');
    }
  });
}
