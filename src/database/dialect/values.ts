/**
 * Raw column values as both drivers give them, normalised: mysql2 and better-sqlite3 differ in how
 * they return booleans, datetimes, big counts and JSON aggregates.
 */

/** A raw SQL boolean (both answer 0/1, sometimes as strings) as a boolean. */
export const toBoolean = (value: unknown): boolean => value === true || Number(value) === 1;

/** A raw datetime: a Date from mysql2 (read as UTC), or SQLite's UTC text `YYYY-MM-DD HH:MM:SS.SSS`. */
export const toDate = (value: Date | string): Date =>
  value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}${value.endsWith('Z') ? '' : 'Z'}`);

/** A count or an id: mysql2 gives BIGINT and SUM() results as strings; NULL (no row) is 0. */
export const toCount = (value: number | string | bigint | null | undefined): number => Number(value ?? 0);

/** A nullable text column. */
export const toNullableString = (value: string | null | undefined): string | null => value ?? null;

/** A JSON array aggregate: text from MariaDB and SQLite, parsed already by mysql2 from MySQL's JSON type, NULL over no rows. */
export function toStringArray(value: string | string[] | null | undefined): string[] {
  if (value === null || value === undefined) {
    return [];
  }
  return typeof value === 'string' ? (JSON.parse(value) as string[]) : value;
}
