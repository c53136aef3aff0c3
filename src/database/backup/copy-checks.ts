import { DataSource, QueryRunner } from 'typeorm';
import { CONSISTENCY_CHECKS } from './consistency';
import { CopyError } from './copy-error';
import { DatabaseLocation, describeLocation } from './database-url';
import { codeMigrations } from './migration-check';
import { DataTable } from './tables';

/**
 * Rows the migrations write themselves (the `articles` counter starts at 0). A target that holds
 * only these is empty; they make way for the source's rows in the same transaction.
 */
export const SEEDED_BY_MIGRATIONS: Record<string, (quote: (name: string) => string) => string> = {
  counters: (quote) => `${quote('value')} = 0`,
};

const quoter =
  (runner: QueryRunner) =>
  (name: string): string =>
    runner.connection.driver.escape(name);

/** The migrations this database has run, in order; undefined when it has no migrations table. */
async function executedMigrations(runner: QueryRunner): Promise<string[] | undefined> {
  if (!(await runner.hasTable('migrations'))) {
    return undefined;
  }
  const quote = quoter(runner);
  const rows = (await runner.query(
    `SELECT ${quote('name')} AS name FROM ${quote('migrations')} ORDER BY ${quote('id')}`,
  )) as { name: string }[];
  return rows.map((row) => String(row.name));
}

const lastOf = (names: string[]): string => names[names.length - 1] ?? 'none';

/** The source (read through its snapshot) must have run exactly the code's migrations; returns the last one. */
export async function checkSource(snapshot: QueryRunner, location: DatabaseLocation): Promise<string> {
  const executed = await executedMigrations(snapshot);
  const code = codeMigrations(snapshot.connection.options);
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
export async function checkTarget(target: DataSource, location: DatabaseLocation, tables: DataTable[]): Promise<void> {
  const runner = target.createQueryRunner();
  try {
    const executed = await executedMigrations(runner);
    const code = codeMigrations(target.options);
    if (executed?.some((name) => !code.includes(name))) {
      throw new CopyError(
        `the target is at migration ${lastOf(executed)}, newer than this code (at ${lastOf(code)}): copy into an empty database`,
      );
    }
    const existing: DataTable[] = [];
    for (const table of tables) {
      if (await runner.hasTable(table.name)) {
        existing.push(table);
      }
    }
    const counts = await rowCounts(runner, existing, true);
    const filled = existing.filter((table) => counts[table.name] > 0);
    if (filled.length > 0) {
      const rows = filled.map(({ name }) => `${name} has ${counts[name]} ${counts[name] === 1 ? 'row' : 'rows'}`);
      throw new CopyError(
        `the target ${describeLocation(location)} is not empty: ${rows.join(', ')}; copy into an empty database`,
      );
    }
  } finally {
    await runner.release();
  }
}

/** Rows per table (COUNT(*) through this connection); with `skipSeeded`, the rows the migrations write are not counted. */
export async function rowCounts(
  runner: QueryRunner,
  tables: DataTable[],
  skipSeeded = false,
): Promise<Record<string, number>> {
  const quote = quoter(runner);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const seeded = skipSeeded ? SEEDED_BY_MIGRATIONS[table.name] : undefined;
    const where = seeded ? ` WHERE NOT (${seeded(quote)})` : '';
    const [row] = (await runner.query(`SELECT COUNT(*) AS n FROM ${quote(table.name)}${where}`)) as { n: unknown }[];
    counts[table.name] = Number(row.n);
  }
  return counts;
}

/**
 * The rows read of a table must be all the rows COUNT(*) finds in the same snapshot: the digests
 * compare what was read with what was written, so only this catches a read that skipped rows.
 */
export function checkRowsRead(table: string, read: number, counted: number): void {
  if (read !== counted) {
    throw new CopyError(
      `copying ${table} read ${read} ${read === 1 ? 'row' : 'rows'} of the source, which has ${counted} in the same snapshot (COUNT(*)): the copy is incomplete`,
    );
  }
}

/** Whether any counter of the source (read through its snapshot) disagrees with its rows (CONSISTENCY_CHECKS). */
export async function sourceCountersDisagree(snapshot: QueryRunner): Promise<boolean> {
  for (const sql of Object.values(CONSISTENCY_CHECKS)) {
    const [row] = (await snapshot.query(`SELECT (${sql}) AS wrong`)) as { wrong: unknown }[];
    if (Number(row.wrong) !== 0) {
      return true;
    }
  }
  return false;
}
