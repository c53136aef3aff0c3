import { existsSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DataSource, QueryRunner } from 'typeorm';
import { createDialect } from '../dialect/create-dialect';
import { counterProblems } from './consistency';
import { checkRowsRead, checkSource, checkTarget, rowCounts, sourceCountersDisagree } from './copy-checks';
import { beginSnapshot, endSnapshot, openSource, openTarget, resolved } from './copy-connections';
import { CopyError, errorLine } from './copy-error';
import { autoIncrementColumn, copyTable } from './copy-table';
import { DatabaseLocation, describeLocation, sameDatabase } from './database-url';
import { compareDigests, databaseDigests, Digests } from './digest';
import { BATCH_ROWS } from './rows';
import { dataTables } from './tables';

export { CopyError } from './copy-error';

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
 * Copies every row of a fully migrated Conduit database into an empty one, across dialects
 * (SQLite ⇄ MySQL/MariaDB, or the same dialect): the target is migrated by the code's migrations,
 * every data table is copied parents first in keyset batches with its ids and timestamps, the
 * auto-increment counters continue where the source's would have. Every table must then have given
 * as many rows as COUNT(*) finds in the source's snapshot, the target's digests must equal those of
 * the rows read, and its counters must agree with its rows. The source is read in one read-only
 * snapshot on one connection and never written (a SQLite source is opened read-only).
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
  let snapshot: QueryRunner | undefined;
  let target: DataSource | undefined;
  const createdFile = to.type === 'sqlite' && !existsSync(to.path) ? to.path : undefined;
  let wroteRows = false;
  try {
    const sourceCopy = createDialect(source).bulkCopy();
    snapshot = await beginSnapshot(source, sourceCopy);
    const migration = await checkSource(snapshot, from);
    const tables = dataTables(source);

    progress.step?.(`checking the target ${describeLocation(to)}`);
    target = await openTarget(to);
    await checkTarget(target, to, tables);

    progress.step?.(`migrating the target to ${migration}`);
    await target.runMigrations({ transaction: 'each' });
    const targetCopy = createDialect(target).bulkCopy();

    const totals = await rowCounts(snapshot, tables);
    const sourceNextIds = await sourceCopy.nextIds(snapshot);
    const limits = await targetCopy.statementLimits();
    const copies: TableCopy[] = [];
    const digests: Digests = {};
    const nextIdsAfter: Record<string, number> = {};
    for (const table of tables) {
      const tableStarted = performance.now();
      progress.tableStarted?.(table.name, totals[table.name]);
      wroteRows = true;
      const { digest, lastRow } = await copyTable(snapshot, target, table, {
        batchRows,
        limits,
        perTransaction: targetCopy.batchesPerTransaction,
        onRows: (done) => progress.rowsCopied?.(table.name, done, totals[table.name]),
      }).catch((error: unknown) => {
        throw new CopyError(`copying ${table.name} failed: ${errorLine(error)}`);
      });
      checkRowsRead(table.name, digest.rows, totals[table.name]);
      digests[table.name] = digest;
      const idColumn = autoIncrementColumn(target, table.name);
      if (idColumn) {
        // The next row gets the id the source would have given it: ids of rows deleted on the source
        // are not handed out again, so a token of a deleted user never names a new one. The copied
        // ids already moved the counter up to the largest; this also covers the gap after it.
        const maxId = lastRow ? Number(lastRow[idColumn]) : 0;
        nextIdsAfter[table.name] = Math.max(sourceNextIds[table.name] ?? 1, maxId + 1);
        await targetCopy.setNextId(table.name, nextIdsAfter[table.name]);
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
      const inherited = (await sourceCountersDisagree(snapshot)) ? ' (the source has them too)' : '';
      throw new CopyError(`counters disagree with their rows on the target${inherited}: ${problems.join('; ')}`);
    }
    // Fresh statistics for the planner, as after a seed: the tables are as large as they will be for a while.
    await targetCopy.analyze(tables.map(({ name }) => name));

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
    if (snapshot) {
      await endSnapshot(snapshot);
    }
    await source.destroy();
  }
}
