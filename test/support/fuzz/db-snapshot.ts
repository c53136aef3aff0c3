import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/** Every table that holds the API's data. */
const TABLES = ['users', 'articles', 'comments', 'favorites', 'follows', 'tags', 'article_tags', 'counters'] as const;

export type Snapshot = Record<(typeof TABLES)[number], { rows: number; digest: string }>;

/**
 * Row count and a digest of every row of every table: two snapshots are equal only when no row was
 * added, removed or changed. Rows are sorted after reading, so the digest ignores read order. Meant
 * for the small test database only (it reads every row).
 */
export async function snapshot(dataSource: DataSource): Promise<Snapshot> {
  const tables = await Promise.all(
    TABLES.map(async (table) => {
      const rows = await dataSource.query<Record<string, unknown>[]>(`SELECT * FROM ${table}`);
      const lines = rows.map((row) => JSON.stringify(row)).sort();
      const digest = createHash('sha256').update(lines.join('\n')).digest('hex');
      return [table, { rows: rows.length, digest }] as const;
    }),
  );
  return Object.fromEntries(tables) as Snapshot;
}

/** What changed between two snapshots, one line per table; empty when nothing did. */
export function changes(before: Snapshot, after: Snapshot): string[] {
  return TABLES.filter((table) => before[table].digest !== after[table].digest).map((table) =>
    before[table].rows === after[table].rows
      ? `${table}: rows changed (${after[table].rows} rows)`
      : `${table}: ${before[table].rows} → ${after[table].rows} rows`,
  );
}
