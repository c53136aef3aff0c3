import { createHash, Hash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { readRows, Row } from './rows';
import { DataTable, dataTables } from './tables';

export interface TableDigest {
  rows: number;
  /** SHA-256 over the table's rows in primary-key order, each as a JSON array of canonical values. */
  sha256: string;
}

export type Digests = Record<string, TableDigest>;

/**
 * A running digest of one table's rows: the same rows give the same digest whichever dialect, dump
 * or file they come from, so a backup's manifest checks a restore and a copy checks itself.
 */
export class TableHasher {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  constructor(private readonly table: DataTable) {}

  add(row: Row): void {
    this.hash.update(`${JSON.stringify(this.table.columns.map((column) => row[column.name]))}\n`);
    this.count++;
  }

  digest(): TableDigest {
    return { rows: this.count, sha256: this.hash.digest('hex') };
  }
}

/**
 * Row count and digest of every data table of the database, or of `tables` when given: a restore
 * checks the tables and columns its backup's manifest describes, which an older schema may lack.
 */
export async function databaseDigests(dataSource: DataSource, tables = dataTables(dataSource)): Promise<Digests> {
  const digests: Digests = {};
  for (const table of tables) {
    const hasher = new TableHasher(table);
    for await (const rows of readRows(dataSource, table)) {
      rows.forEach((row) => hasher.add(row));
    }
    digests[table.name] = hasher.digest();
  }
  return digests;
}

/** The tables whose rows or digest differ, as one readable line each. */
export function compareDigests(expected: Digests, actual: Digests): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names.flatMap((name) => {
    const [want, got] = [expected[name], actual[name]];
    if (!want || !got) {
      return [`${name}: ${want ? 'missing' : 'not expected'}`];
    }
    if (want.rows !== got.rows) {
      return [`${name}: ${got.rows} rows, expected ${want.rows}`];
    }
    return want.sha256 === got.sha256 ? [] : [`${name}: same ${got.rows} rows count, different content`];
  });
}
