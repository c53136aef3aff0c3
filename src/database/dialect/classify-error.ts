import { QueryFailedError } from 'typeorm';

/** What a failed statement means to the code above it; anything else is a bug or a driver problem. */
export type DatabaseErrorKind = 'unique' | 'foreign-key' | 'deadlock' | 'unavailable';

export interface ClassifiedError {
  kind: DatabaseErrorKind;
  /** The driver's message: for a unique violation it names the key or the columns. */
  detail: string;
}

/** Driver error codes of both dialects (mysql2, better-sqlite3 and the network layer below them). */
const KINDS: Record<string, DatabaseErrorKind> = {
  ER_DUP_ENTRY: 'unique',
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  ER_NO_REFERENCED_ROW_2: 'foreign-key',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign-key',
  ER_LOCK_DEADLOCK: 'deadlock',
  ER_LOCK_WAIT_TIMEOUT: 'deadlock',
  ECONNREFUSED: 'unavailable',
  ECONNRESET: 'unavailable',
  ETIMEDOUT: 'unavailable',
  EHOSTUNREACH: 'unavailable',
  ENOTFOUND: 'unavailable',
  PROTOCOL_CONNECTION_LOST: 'unavailable',
  POOL_CLOSED: 'unavailable',
  ER_CON_COUNT_ERROR: 'unavailable',
  SQLITE_BUSY: 'unavailable',
};

/** MySQL error numbers, for drivers or proxies that give the number without the symbolic code. */
const ERRNO_KINDS: Record<number, DatabaseErrorKind> = { 1062: 'unique', 1452: 'foreign-key', 1213: 'deadlock' };

interface DriverError {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  sqlMessage?: unknown;
}

/**
 * The one place that reads driver error codes: a statement's failure (TypeORM's QueryFailedError,
 * or a connection error thrown before any statement ran) as a kind, or undefined when it is none of
 * them.
 */
export function classifyError(error: unknown): ClassifiedError | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const driverError: DriverError = error instanceof QueryFailedError ? (error.driverError as DriverError) : error;
  const kind =
    (typeof driverError.code === 'string' ? KINDS[driverError.code] : undefined) ??
    (typeof driverError.errno === 'number' ? ERRNO_KINDS[driverError.errno] : undefined);
  if (kind === undefined) {
    return undefined;
  }
  const detail = driverError.sqlMessage ?? driverError.message;
  return { kind, detail: typeof detail === 'string' ? detail : '' };
}

/** True when `error` is of `kind`. */
export const isDatabaseError = (error: unknown, kind: DatabaseErrorKind): boolean =>
  classifyError(error)?.kind === kind;
