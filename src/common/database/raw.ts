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
export const insertedId = (result: InsertResult): number =>
  Number(
    typeof result.raw === 'object' && result.raw !== null ? (result.raw as { insertId: number }).insertId : result.raw,
  );
