import { QueryFailedError } from 'typeorm';

/**
 * When `error` is a unique-key violation (MySQL/MariaDB ER_DUP_ENTRY, SQLite SQLITE_CONSTRAINT_UNIQUE),
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
    driverError.code === 'SQLITE_CONSTRAINT_UNIQUE';
  return isUnique ? (driverError.sqlMessage ?? driverError.message ?? '') : undefined;
}
