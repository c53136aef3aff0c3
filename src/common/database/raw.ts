/** A raw SQL boolean (MySQL and SQLite answer 0/1, sometimes as strings) as a boolean. */
export const toBoolean = (value: unknown): boolean => value === true || Number(value) === 1;

/** A raw datetime: a Date from mysql2, or SQLite's UTC text `YYYY-MM-DD HH:MM:SS.SSS`. */
export const toDate = (value: Date | string): Date =>
  value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}${value.endsWith('Z') ? '' : 'Z'}`);
