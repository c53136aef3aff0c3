import { DataSourceOptions } from 'typeorm';
import { byDialect } from '../dialect/db-type';
import { readManifest } from './archive';
import { counterProblems } from './consistency';
import { dialectOf, sameFamily, toolOptions, withDataSource } from './connection';
import { BackupContents, schemaProblems } from './contents';
import { compareDigests, databaseDigests } from './digest';
import { DumpStatementError } from './dump-statements';
import { ArchiveError, BackupError, oneLine } from './errors';
import { formatRows, formatSeconds } from './format';
import { Manifest, manifestTables } from './manifest';
import { checkBackupSchema, codeMigrations, lastMigration } from './migration-check';
import { MysqlRestoreTarget } from './mysql-restore';
import { RestoreTarget } from './restore-target';
import { SqliteRestoreTarget } from './sqlite-restore';

export interface RestoreRequest {
  /** Replace a target that already has tables. */
  force?: boolean;
  /** The environment of the client program (PATH finds it); the password is added to it. */
  env: NodeJS.ProcessEnv;
}

export interface RestoreResult {
  manifest: Manifest;
  /** The migrations run after the load, oldest first (none when the backup's schema is current). */
  migrationsApplied: string[];
  seconds: number;
}

/**
 * Restores a db:backup archive into the database `options` configure. Everything is checked before
 * the target is touched: the archive reads whole, its manifest is valid and matches the data inside
 * (re-read, re-digested; every table the data creates, with its columns), a dump holds only the
 * statements mysqldump writes, the dialect is the target's, the schema is not newer than the code's,
 * and the target is empty (or `force`); a SQLite file another process has open is refused. Each
 * refusal is a BackupError of one line. After the load, the target's rows must match the manifest;
 * then pending migrations run, and the counters must agree with their rows.
 */
export async function restoreBackup(
  options: DataSourceOptions,
  file: string,
  request: RestoreRequest,
): Promise<RestoreResult> {
  const started = performance.now();
  const manifest = await readManifest(file);
  const dialect = dialectOf(options);
  if (!sameFamily(manifest.dialect, dialect)) {
    throw new BackupError(`${file} is a ${manifest.dialect} backup; the configured database is ${dialect}`);
  }
  checkBackupSchema(manifest.lastMigration, codeMigrations(options));

  const target = byDialect<RestoreTarget>(options, {
    sqlite: (sqlite) => new SqliteRestoreTarget(sqlite),
    mysql: (mysql) => new MysqlRestoreTarget(mysql, request.env),
  });
  try {
    const tables = await target.tableCount();
    if (tables > 0 && !request.force) {
      throw new BackupError(
        `target database is not empty (${tables} tables); restore into an empty database or pass --force`,
      );
    }
    const problems = dataProblems(manifest, await readData(target, file, manifest));
    if (problems.length > 0) {
      throw new BackupError(`manifest does not match the data: ${problems.join('; ')}`);
    }
    await target.load(file, manifest, request.force ?? false);
  } finally {
    await target.cleanup();
  }

  const migrationsApplied = await withDataSource(toolOptions(options), async (dataSource) => {
    const differences = compareDigests(manifest.tables, await databaseDigests(dataSource, manifestTables(manifest)));
    if (differences.length > 0) {
      throw new BackupError(`the restored data differs from the manifest: ${differences.join('; ')}`);
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const wrong = await counterProblems(dataSource);
    if (wrong.length > 0) {
      throw new BackupError(`counters disagree with their rows after the restore: ${wrong.join('; ')}`);
    }
    return applied.map((migration) => migration.name);
  });
  return { manifest, migrationsApplied, seconds: (performance.now() - started) / 1000 };
}

/**
 * The data read again; a problem with its content (not with the file, nor a statement the dump must
 * not hold) is a manifest mismatch.
 */
async function readData(target: RestoreTarget, file: string, manifest: Manifest): Promise<BackupContents> {
  try {
    return await target.readData(file, manifest);
  } catch (error) {
    if (error instanceof BackupError && !(error instanceof ArchiveError) && !(error instanceof DumpStatementError)) {
      throw new BackupError(`manifest does not match the data: ${oneLine(error)}`);
    }
    throw error;
  }
}

/**
 * How the data differs from its manifest: first the tables it creates and their columns (all of
 * them, not only those the manifest lists), then each table's rows and digest, and the migrations.
 */
function dataProblems(manifest: Manifest, contents: BackupContents): string[] {
  const schema = schemaProblems(manifestTables(manifest), contents.created);
  if (schema.length > 0) {
    return schema;
  }
  const problems = compareDigests(manifest.tables, contents.digests);
  const last = lastMigration(contents.migrations);
  if (last !== manifest.lastMigration) {
    problems.push(`migrations: the data's last is ${last}, the manifest says ${manifest.lastMigration}`);
  } else if (contents.migrations.length !== manifest.migrations) {
    problems.push(`migrations: ${contents.migrations.length} in the data, the manifest says ${manifest.migrations}`);
  }
  return problems;
}

/** `restored 12,345 rows (users 1,000, …); migrations applied: none; 4.1 s`. */
export const restoreSummary = (result: RestoreResult): string =>
  `restored ${formatRows(result.manifest.tables)}; migrations applied: ${
    result.migrationsApplied.length > 0 ? result.migrationsApplied.join(', ') : 'none'
  }; ${formatSeconds(result.seconds)}`;
