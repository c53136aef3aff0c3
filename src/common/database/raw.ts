import { InsertResult } from 'typeorm';

/** A raw SQL boolean (MySQL and SQLite answer 0/1, sometimes as strings) as a boolean. */
export const toBoolean = (value: unknown): boolean => value === true || Number(value) === 1;

/** A raw datetime: a Date from mysql2, or SQLite's UTC text `YYYY-MM-DD HH:MM:SS.SSS`. */
export const toDate = (value: Date | string): Date =>
  value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}${value.endsWith('Z') ? '' : 'Z'}`);

/**
 * The auto-increment id of a one-row INSERT run with `updateEntity(false)`: mysql2's `insertId`, or
 * better-sqlite3's `lastInsertRowid`, which is what TypeORM gives as `raw` for each.
 */
export function insertedId(result: InsertResult): number {
  const raw: unknown = result.raw;
  const id = Number(typeof raw === 'object' && raw !== null ? (raw as { insertId?: number }).insertId : raw);
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new Error(`the INSERT gave no auto-increment id (${String(raw)})`);
  }
  return id;
}
