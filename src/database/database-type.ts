/** The database servers the app runs on (DB_TYPE): the embedded SQLite file, or a MySQL or MariaDB server. */
export const DB_TYPES = ['sqlite', 'mysql', 'mariadb'] as const;
export type DbType = (typeof DB_TYPES)[number];
