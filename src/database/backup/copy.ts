import { existsSync, realpathSync, rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DataSource, DataSourceOptions } from 'typeorm';
import { buildDataSourceOptions } from '../data-source-options';
import { counterProblems } from './consistency';
import { DatabaseLocation, describeLocation, locationEnvironment, sameDatabase } from './database-url';
import { compareDigests, databaseDigests, Digests, TableHasher } from './digest';
import { BATCH_ROWS, readRows, Row } from './rows';
import { DataTable, dataTables } from './tables';

/** Why a copy was refused or failed, in one line for the operator. */
export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyError';
  }
}

/** What a copy reports while it runs (the command line draws progress bars or prints lines from it). */
export interface CopyProgress {
  /** A step before or after the rows: checking, migrating, verifying. */
  step?(message: string): void;
  tableStarted?(table: string, total: number): void;
  rowsCopied?(table: string, done: number, total: number): void;
  tableFinished?(table: TableCopy): void;
}

export interface CopyOptions {
  from: DatabaseLocation;
  to: DatabaseLocation;
  /** Rows read from the source per statement (keyset page), written as one multi-row INSERT. */
  batchRows?: number;
  progress?: CopyProgress;
}

export interface TableCopy {
  name: string;
  rows: number;
  seconds: number;
}

export interface CopyResult {
  source: string;
  target: string;
  /** The last migration of the source, of the code and now of the target. */
  migration: string;
  tables: TableCopy[];
  rows: number;
  seconds: number;
  /** The id the next row gets, per auto-increment table, on the target as on the source. */
  nextIds: Record<string, number>;
}

/**
 * Rows the migrations write themselves (the `articles` counter starts at 0). A target that holds
 * only these is empty; they make way for the source's rows in the same transaction.
 */
const SEEDED_BY_MIGRATIONS: Record<string, (quote: (name: string) => string) => string> = {
  counters: (quote) => `${quote('value')} = 0`,
};

/** SQLite's SQLITE_MAX_VARIABLE_NUMBER (better-sqlite3 builds with 32766): bound parameters per statement. */
const SQLITE_MAX_PARAMETERS = 32_766;
/** A multi-row INSERT to MySQL stays under this many bytes (and half of the server's max_allowed_packet). */
const MYSQL_MAX_STATEMENT_BYTES = 8 * 1024 * 1024;

/**
 * Copies every row of a fully migrated Conduit database into an empty one, across dialects
 * (SQLite ⇄ MySQL/MariaDB, or the same dialect): the target is migrated by the code's migrations,
 * every data table is copied parents first in keyset batches with its ids and timestamps, the
 * auto-increment counters continue where the source's would have, then the target's row counts and
 * digests must equal the source's and its counters agree with its rows. The source is read in one
 * read-only snapshot and never written (a SQLite source is opened read-only).
 */
export async function copyDatabase(options: CopyOptions): Promise<CopyResult> {
  const started = performance.now();
  const { from, to, progress = {} } = options;
  const batchRows = options.batchRows ?? BATCH_ROWS;
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new CopyError(`the batch size must be a positive integer, not ${batchRows}`);
  }
  if (sameDatabase(resolved(from), resolved(to))) {
    throw new CopyError(`source and target are the same database (${describeLocation(to)})`);
  }

  progress.step?.(`checking the source ${describeLocation(from)}`);
  const source = await openSource(from);
  let target: DataSource | undefined;
  const createdFile = to.type === 'sqlite' && !existsSync(to.path) ? to.path : undefined;
  let wroteRows = false;
  try {
    await beginSnapshot(source);
    const migration = await checkSource(source, from);
    const tables = dataTables(source);

    progress.step?.(`checking the target ${describeLocation(to)}`);
    target = await openTarget(to);
    await checkTarget(target, to, tables);

    progress.step?.(`migrating the target to ${migration}`);
    await target.runMigrations({ transaction: 'each' });

    const totals = await rowCounts(source, tables);
    const sourceNextIds = await nextIds(source);
    const limits = await statementLimits(target);
    const copies: TableCopy[] = [];
    const digests: Digests = {};
    const nextIdsAfter: Record<string, number> = {};
    for (const table of tables) {
      const tableStarted = performance.now();
      progress.tableStarted?.(table.name, totals[table.name]);
      wroteRows = true;
      const { digest, lastRow } = await copyTable(source, target, table, {
        batchRows,
        limits,
        onRows: (done) => progress.rowsCopied?.(table.name, done, totals[table.name]),
      }).catch((error: unknown) => {
        throw new CopyError(
          `copying ${table.name} failed: ${firstLine(error instanceof Error ? error.message : String(error))}`,
        );
      });
      digests[table.name] = digest;
      const idColumn = autoIncrementColumn(target, table.name);
      if (idColumn) {
        const maxId = lastRow ? Number(lastRow[idColumn]) : 0;
        nextIdsAfter[table.name] = Math.max(sourceNextIds[table.name] ?? 1, maxId + 1);
        await setNextId(target, table.name, nextIdsAfter[table.name]);
      }
      const copy = { name: table.name, rows: digest.rows, seconds: (performance.now() - tableStarted) / 1000 };
      copies.push(copy);
      progress.tableFinished?.(copy);
    }

    progress.step?.('checking the copy: row counts, digests and counters');
    const differences = compareDigests(digests, await databaseDigests(target));
    if (differences.length > 0) {
      throw new CopyError(`the target differs from the source after the copy: ${differences.join('; ')}`);
    }
    const problems = await counterProblems(target);
    if (problems.length > 0) {
      const inherited = (await counterProblems(source)).length > 0 ? ' (the source has them too)' : '';
      throw new CopyError(`counters disagree with their rows on the target${inherited}: ${problems.join('; ')}`);
    }
    await analyze(target, tables);

    return {
      source: describeLocation(from),
      target: describeLocation(to),
      migration,
      tables: copies,
      rows: copies.reduce((sum, copy) => sum + copy.rows, 0),
      seconds: (performance.now() - started) / 1000,
      nextIds: nextIdsAfter,
    };
  } catch (error) {
    if (target?.isInitialized) {
      await target.destroy().catch(() => undefined);
    }
    const message = error instanceof Error ? error.message : String(error);
    if (createdFile && existsSync(createdFile)) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) {
        rmSync(`${createdFile}${suffix}`, { force: true });
      }
      throw new CopyError(`${message} (removed the new file ${createdFile})`);
    }
    if (wroteRows) {
      throw new CopyError(
        `${message}; the target keeps the rows written so far: empty it (drop and create the database, or delete the file) before trying again`,
      );
    }
    throw error;
  } finally {
    if (target?.isInitialized) {
      await target.destroy();
    }
    await source.query('ROLLBACK').catch(() => undefined);
    await source.destroy();
  }
}

/** A SQLite location by its real path when the file exists, so two spellings of one file are one file. */
function resolved(location: DatabaseLocation): DatabaseLocation {
  return location.type === 'sqlite' && existsSync(location.path)
    ? { ...location, path: realpathSync(location.path) }
    : location;
}

/** The app's own options for this database (timezone, charset, pragmas…), without running migrations or logging. */
function appOptions(location: DatabaseLocation): DataSourceOptions {
  return { ...buildDataSourceOptions(locationEnvironment(location)), migrationsRun: false, logging: false };
}

/**
 * The source, never written: SQLite read-only (no WAL switch, the file must exist); MySQL on a
 * single connection, so the snapshot transaction that beginSnapshot opens covers every read.
 */
async function openSource(location: DatabaseLocation): Promise<DataSource> {
  if (location.type === 'sqlite' && !(existsSync(location.path) && statSync(location.path).isFile())) {
    throw new CopyError(`the source file ${location.path} does not exist`);
  }
  const options = appOptions(location);
  if (options.type === 'better-sqlite3') {
    return open({ ...options, readonly: true, fileMustExist: true, enableWAL: false }, 'source', location);
  }
  if (options.type === 'mysql' || options.type === 'mariadb') {
    return open({ ...options, poolSize: 1 }, 'source', location);
  }
  throw new CopyError(`cannot read a ${options.type} source`);
}

async function openTarget(location: DatabaseLocation): Promise<DataSource> {
  if (location.type === 'sqlite' && existsSync(location.path) && !statSync(location.path).isFile()) {
    throw new CopyError(`the target ${location.path} is not a file`);
  }
  return open(appOptions(location), 'target', location);
}

async function open(options: DataSourceOptions, role: string, location: DatabaseLocation): Promise<DataSource> {
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
    // A file that is not SQLite fails on its first read, not when it is opened.
    await dataSource.query('SELECT 1');
  } catch (error) {
    if (dataSource.isInitialized) {
      await dataSource.destroy().catch(() => undefined);
    }
    const { code, message } = error as { code?: string; message?: string };
    if (code === 'ER_BAD_DB_ERROR' && location.type !== 'sqlite') {
      throw new CopyError(
        role === 'target'
          ? `the target database ${location.database} does not exist on ${location.host}:${location.port}: create it first with CREATE DATABASE \`${location.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`
          : `the source database ${location.database} does not exist on ${location.host}:${location.port}`,
      );
    }
    throw new CopyError(
      `cannot open the ${role} ${describeLocation(location)}: ${firstLine(message ?? String(error))}`,
    );
  }
  return dataSource;
}

/** The first line of a message, without a driver's `SqliteError: ` in front. */
const firstLine = (text: string): string => text.split('\n')[0].replace(/^\w*Error: /, '');

/** Every later read of the source sees the same committed state, whatever the server writes meanwhile. */
async function beginSnapshot(source: DataSource): Promise<void> {
  if (source.options.type === 'better-sqlite3') {
    await source.query('BEGIN');
    return;
  }
  // MySQL 8 caches information_schema.TABLES (AUTO_INCREMENT among it) for a day by default.
  await source.query('SET SESSION information_schema_stats_expiry = 0').catch(() => undefined);
  await source.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  await source.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
}

/** The migrations this database has run, in order; undefined when it has no migrations table. */
async function executedMigrations(dataSource: DataSource): Promise<string[] | undefined> {
  const runner = dataSource.createQueryRunner();
  let exists: boolean;
  try {
    exists = await runner.hasTable('migrations');
  } finally {
    await runner.release();
  }
  if (!exists) {
    return undefined;
  }
  const quote = (name: string) => dataSource.driver.escape(name);
  const rows = await dataSource.query<{ name: string }[]>(
    `SELECT ${quote('name')} AS name FROM ${quote('migrations')} ORDER BY ${quote('id')}`,
  );
  return rows.map((row) => String(row.name));
}

const codeMigrations = (dataSource: DataSource): string[] =>
  dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);

const lastOf = (names: string[]): string => names[names.length - 1] ?? 'none';

/** The source must have run exactly the code's migrations; returns the last one. */
async function checkSource(source: DataSource, location: DatabaseLocation): Promise<string> {
  const executed = await executedMigrations(source);
  const code = codeMigrations(source);
  if (executed === undefined) {
    throw new CopyError(
      `the source ${describeLocation(location)} has no migrations table: not a Conduit database, or never migrated (npm run migration:run)`,
    );
  }
  if (executed.some((name) => !code.includes(name))) {
    throw new CopyError(
      `the source is at migration ${lastOf(executed)}, newer than this code (at ${lastOf(code)}): copy with the release that migrated it`,
    );
  }
  if (code.some((name) => !executed.includes(name))) {
    throw new CopyError(
      `the source is at migration ${lastOf(executed)}, the code at ${lastOf(code)}: run npm run migration:run on the source first`,
    );
  }
  return lastOf(code);
}

/** The target must hold no rows (beyond what the migrations write) and no migration the code does not know. */
async function checkTarget(target: DataSource, location: DatabaseLocation, tables: DataTable[]): Promise<void> {
  const executed = await executedMigrations(target);
  const code = codeMigrations(target);
  if (executed?.some((name) => !code.includes(name))) {
    throw new CopyError(
      `the target is at migration ${lastOf(executed)}, newer than this code (at ${lastOf(code)}): copy into an empty database`,
    );
  }
  const runner = target.createQueryRunner();
  const existing: DataTable[] = [];
  try {
    for (const table of tables) {
      if (await runner.hasTable(table.name)) {
        existing.push(table);
      }
    }
  } finally {
    await runner.release();
  }
  const counts = await rowCounts(target, existing, true);
  const filled = existing.filter((table) => counts[table.name] > 0);
  if (filled.length > 0) {
    const rows = filled.map(({ name }) => `${name} has ${counts[name]} ${counts[name] === 1 ? 'row' : 'rows'}`);
    throw new CopyError(
      `the target ${describeLocation(location)} is not empty: ${rows.join(', ')}; copy into an empty database`,
    );
  }
}

/** Rows per table; with `skipSeeded`, the rows the migrations write are not counted. */
async function rowCounts(
  dataSource: DataSource,
  tables: DataTable[],
  skipSeeded = false,
): Promise<Record<string, number>> {
  const quote = (name: string) => dataSource.driver.escape(name);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const seeded = skipSeeded ? SEEDED_BY_MIGRATIONS[table.name] : undefined;
    const where = seeded ? ` WHERE NOT (${seeded(quote)})` : '';
    const [row] = await dataSource.query<{ n: unknown }[]>(`SELECT COUNT(*) AS n FROM ${quote(table.name)}${where}`);
    counts[table.name] = Number(row.n);
  }
  return counts;
}

interface StatementLimits {
  parameters: number;
  bytes: number;
}

async function statementLimits(target: DataSource): Promise<StatementLimits> {
  if (target.options.type === 'better-sqlite3') {
    return { parameters: SQLITE_MAX_PARAMETERS, bytes: 64 * 1024 * 1024 };
  }
  const [row] = await target.query<{ packet: unknown }[]>('SELECT @@max_allowed_packet AS packet');
  return { parameters: Number.POSITIVE_INFINITY, bytes: Math.min(Number(row.packet) / 2, MYSQL_MAX_STATEMENT_BYTES) };
}

/**
 * Copies one table: each batch read from the source becomes one multi-row INSERT (more only when it
 * would pass the statement limits), with every column and the source's ids. SQLite writes the whole
 * table in one transaction (its writes are cheap, its commits are not); MySQL commits each batch, so
 * no transaction grows with the table. Returns the digest of the rows read and the last one.
 */
async function copyTable(
  source: DataSource,
  target: DataSource,
  table: DataTable,
  { batchRows, limits, onRows }: { batchRows: number; limits: StatementLimits; onRows: (done: number) => void },
): Promise<{ digest: ReturnType<TableHasher['digest']>; lastRow: Row | undefined }> {
  const quote = (name: string) => target.driver.escape(name);
  const perTransaction = target.options.type === 'better-sqlite3' ? Number.POSITIVE_INFINITY : 1;
  const hasher = new TableHasher(table);
  const runner = target.createQueryRunner();
  let done = 0;
  let batches = 0;
  let lastRow: Row | undefined;
  try {
    await runner.startTransaction();
    const seeded = SEEDED_BY_MIGRATIONS[table.name];
    if (seeded) {
      await runner.query(`DELETE FROM ${quote(table.name)} WHERE ${seeded(quote)}`);
    }
    for await (const rows of readRows(source, table, batchRows)) {
      for (const { sql, parameters } of insertStatements(quote, table, rows, limits)) {
        await runner.query(sql, parameters);
      }
      rows.forEach((row) => hasher.add(row));
      lastRow = rows[rows.length - 1];
      done += rows.length;
      if (++batches % perTransaction === 0) {
        await runner.commitTransaction();
        await runner.startTransaction();
      }
      onRows(done);
    }
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) {
      await runner.rollbackTransaction().catch(() => undefined);
    }
    throw error;
  } finally {
    await runner.release();
  }
  return { digest: hasher.digest(), lastRow };
}

/** `INSERT INTO t (all columns) VALUES (?, …), (?, …)…` for the rows, split only where the limits say. */
function* insertStatements(
  quote: (name: string) => string,
  table: DataTable,
  rows: Row[],
  limits: StatementLimits,
): Generator<{ sql: string; parameters: unknown[] }> {
  const head = `INSERT INTO ${quote(table.name)} (${table.columns.map(({ name }) => quote(name)).join(', ')}) VALUES `;
  const tuple = `(${table.columns.map(() => '?').join(', ')})`;
  let parameters: unknown[] = [];
  let count = 0;
  let bytes = 0;
  const statement = () => ({ sql: head + new Array<string>(count).fill(tuple).join(', '), parameters });
  for (const row of rows) {
    const values = table.columns.map(({ name }) => row[name]);
    // An upper bound of the escaped UTF-8 size: at most 3 bytes per UTF-16 unit, quotes and commas.
    const size = values.reduce<number>(
      (sum, value) => sum + (typeof value === 'string' ? value.length * 3 + 4 : 24),
      4,
    );
    if (count > 0 && ((count + 1) * values.length > limits.parameters || bytes + size > limits.bytes)) {
      yield statement();
      parameters = [];
      count = 0;
      bytes = 0;
    }
    parameters.push(...values);
    count++;
    bytes += size;
  }
  if (count > 0) {
    yield statement();
  }
}

/** The auto-increment primary key column of a table, if it has one. */
function autoIncrementColumn(dataSource: DataSource, tableName: string): string | undefined {
  const metadata = dataSource.entityMetadatas.find((entity) => entity.tableName === tableName);
  return metadata?.primaryColumns.find((column) => column.generationStrategy === 'increment')?.databaseName;
}

/**
 * The id each auto-increment table would give its next row: SQLite's sqlite_sequence (AUTOINCREMENT
 * never reuses an id, even of a deleted last row), MySQL's AUTO_INCREMENT.
 */
async function nextIds(dataSource: DataSource): Promise<Record<string, number>> {
  const rows = await dataSource.query<{ name: string; next: unknown }[]>(
    dataSource.options.type === 'better-sqlite3'
      ? 'SELECT name, seq + 1 AS next FROM sqlite_sequence'
      : 'SELECT TABLE_NAME AS name, AUTO_INCREMENT AS next FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND AUTO_INCREMENT IS NOT NULL',
  );
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.next)]));
}

/**
 * The target gives the next row of the table this id, the one the source would have given: ids of
 * rows deleted on the source are not handed out again, so a token of a deleted user never names a
 * new one. Explicit ids already move both counters up to the largest id; this also covers the gap.
 */
async function setNextId(target: DataSource, tableName: string, next: number): Promise<void> {
  if (target.options.type !== 'better-sqlite3') {
    await target.query(`ALTER TABLE ${target.driver.escape(tableName)} AUTO_INCREMENT = ${Math.trunc(next)}`);
    return;
  }
  const [row] = await target.query<unknown[]>('SELECT seq FROM sqlite_sequence WHERE name = ?', [tableName]);
  await target.query(
    row === undefined
      ? 'INSERT INTO sqlite_sequence (seq, name) VALUES (?, ?)'
      : 'UPDATE sqlite_sequence SET seq = ? WHERE name = ?',
    [next - 1, tableName],
  );
}

/** Fresh statistics for the planner, as after a seed: the copied tables are as large as they will be for a while. */
async function analyze(target: DataSource, tables: DataTable[]): Promise<void> {
  if (target.options.type === 'better-sqlite3') {
    await target.query('ANALYZE');
    return;
  }
  await target.query(`ANALYZE TABLE ${tables.map(({ name }) => target.driver.escape(name)).join(', ')}`);
}
