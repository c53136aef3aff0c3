import { DataSourceOptions, MigrationInterface } from 'typeorm';
import { BackupError } from './errors';

/** A row of TypeORM's `migrations` table. */
export interface MigrationRow {
  id: number;
  timestamp: number;
  name: string;
}

/** The schema's last migration: the greatest timestamp (TypeORM's order), the later row on a tie. */
export function lastMigration(rows: MigrationRow[]): string | null {
  const last = rows.reduce<MigrationRow | undefined>(
    (latest, row) =>
      !latest || row.timestamp > latest.timestamp || (row.timestamp === latest.timestamp && row.id > latest.id)
        ? row
        : latest,
    undefined,
  );
  return last?.name ?? null;
}

/** The code's migrations for the configured dialect, oldest first, by the names TypeORM records. */
export function codeMigrations(options: DataSourceOptions): string[] {
  const classes = (options.migrations ?? []) as (new () => MigrationInterface)[];
  if (!Array.isArray(classes) || classes.some((migration) => typeof migration !== 'function')) {
    throw new Error('the data source options must list the migration classes');
  }
  return classes.map((Migration) => {
    const instance = new Migration();
    return instance.name ?? Migration.name;
  });
}

/** TypeORM's timestamp of a migration: the number its name ends with. */
export const migrationTimestamp = (name: string): number => Number(/(\d{13})$/.exec(name)?.[1] ?? NaN);

/**
 * Refuses a backup whose schema this code cannot take: its last migration must be one of the code's
 * (an older one is fine: the restore migrates forward).
 */
export function checkBackupSchema(backupLast: string | null, code: string[]): void {
  if (backupLast === null || code.includes(backupLast)) {
    return;
  }
  const codeLast = code[code.length - 1];
  const timestamp = migrationTimestamp(backupLast);
  if (codeLast === undefined || timestamp > migrationTimestamp(codeLast)) {
    throw new BackupError(`backup is from a newer schema (${backupLast}); upgrade the code first`);
  }
  throw new BackupError(
    `backup's last migration ${backupLast} is not one of this code's migrations (its last is ${codeLast})`,
  );
}
