import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Digests } from './digest';
import { BackupError } from './errors';
import { ColumnKind, DataColumn, DataTable } from './tables';

export const MANIFEST_FORMAT = 1;
export const MANIFEST_ENTRY = 'manifest.json';

export const DIALECTS = ['sqlite', 'mysql', 'mariadb'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** The columns (with their kinds) and primary key a table's digest covers. */
export interface TableSchema {
  columns: DataColumn[];
  primaryKey: string[];
}

/** `manifest.json`, the first entry of a backup archive: what the data entry holds. */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  dialect: Dialect;
  /** When the backup was taken (ISO 8601, UTC). */
  createdAt: string;
  /** The application that took it (package.json). */
  server: { name: string; version: string };
  /** The schema's last migration (TypeORM's name), null when none ran. */
  lastMigration: string | null;
  /** How many migrations the schema had run. */
  migrations: number;
  /** The archive entry holding the data: `dump.sql` (MySQL/MariaDB) or `conduit.sqlite`. */
  data: string;
  /** Row count and digest of every data table (databaseDigests), parents before children. */
  tables: Digests;
  /**
   * What each digest covers, so a restore can check it even when the code's entities have moved on
   * (a backup older than the code lacks the columns later migrations add).
   */
  schema: Record<string, TableSchema>;
}

const COLUMN_KINDS: ColumnKind[] = ['integer', 'text', 'datetime'];

/** The application's name and version, from package.json (two folders up from src/ or dist/). */
export function applicationInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return { name: pkg.name, version: pkg.version };
}

/** The tables a manifest describes, as the digest functions take them. */
export function manifestTables(manifest: Manifest): DataTable[] {
  return Object.keys(manifest.tables).map((name) => ({ name, ...manifest.schema[name] }));
}

/** The schema part of a manifest for these tables. */
export function tableSchemas(tables: DataTable[]): Record<string, TableSchema> {
  return Object.fromEntries(
    tables.map((table) => [table.name, { columns: table.columns, primaryKey: table.primaryKey }]),
  );
}

/** Reads and checks `manifest.json`'s text; any problem is one line saying what is wrong. */
export function parseManifest(text: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BackupError(`manifest.json is not JSON (${(error as Error).message})`);
  }
  const problem = manifestProblem(value);
  if (problem) {
    throw new BackupError(`manifest.json is invalid: ${problem}`);
  }
  return value as Manifest;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

function manifestProblem(value: unknown): string | undefined {
  if (!isObject(value)) {
    return 'not an object';
  }
  if (value.format !== MANIFEST_FORMAT) {
    return `format ${JSON.stringify(value.format)} is not one this code reads (${MANIFEST_FORMAT})`;
  }
  if (!DIALECTS.includes(value.dialect as Dialect)) {
    return `dialect ${JSON.stringify(value.dialect)} is not one of ${DIALECTS.join(', ')}`;
  }
  if (typeof value.createdAt !== 'string' || Number.isNaN(Date.parse(value.createdAt))) {
    return 'createdAt is not a time';
  }
  if (!isObject(value.server) || typeof value.server.name !== 'string' || typeof value.server.version !== 'string') {
    return 'server is not { name, version }';
  }
  if (value.lastMigration !== null && typeof value.lastMigration !== 'string') {
    return 'lastMigration is not a name or null';
  }
  if (!isCount(value.migrations)) {
    return 'migrations is not a count';
  }
  if (typeof value.data !== 'string' || value.data === '' || value.data === MANIFEST_ENTRY) {
    return 'data does not name an entry';
  }
  if (!isObject(value.tables) || !isObject(value.schema)) {
    return 'tables or schema is missing';
  }
  for (const [name, digest] of Object.entries(value.tables)) {
    if (!isObject(digest) || !isCount(digest.rows) || !/^[0-9a-f]{64}$/.test(String(digest.sha256))) {
      return `tables.${name} is not { rows, sha256 }`;
    }
    const schema = value.schema[name];
    if (
      !isObject(schema) ||
      !Array.isArray(schema.columns) ||
      !schema.columns.every(
        (column) =>
          isObject(column) && typeof column.name === 'string' && COLUMN_KINDS.includes(column.kind as ColumnKind),
      ) ||
      !isStringArray(schema.primaryKey) ||
      schema.primaryKey.length === 0
    ) {
      return `schema.${name} is not { columns: [{ name, kind }], primaryKey }`;
    }
  }
  return undefined;
}
