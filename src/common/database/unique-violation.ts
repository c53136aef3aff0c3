import { QueryFailedError } from 'typeorm';

/**
 * When `error` is a unique-key or primary-key violation (MySQL/MariaDB ER_DUP_ENTRY, SQLite
 * SQLITE_CONSTRAINT_UNIQUE or SQLITE_CONSTRAINT_PRIMARYKEY),
 * returns the driver's text naming the violated key or columns; otherwise undefined.
 */
export function uniqueViolation(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) {
    return undefined;
  }
  const driverError = error.driverError as { code?: string; errno?: number; message?: string; sqlMessage?: string };
  const isUnique =
    driverError.code === 'ER_DUP_ENTRY' ||
    driverError.errno === 1062 ||
    driverError.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    driverError.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  return isUnique ? (driverError.sqlMessage ?? driverError.message ?? '') : undefined;
}

/** A foreign-key violation (MySQL/MariaDB ER_NO_REFERENCED_ROW_2, SQLite SQLITE_CONSTRAINT_FOREIGNKEY). */
export function isForeignKeyViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) {
    return false;
  }
  const driverError = error.driverError as { code?: string; errno?: number };
  return (
    driverError.code === 'ER_NO_REFERENCED_ROW_2' ||
    driverError.errno === 1452 ||
    driverError.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
  );
}
