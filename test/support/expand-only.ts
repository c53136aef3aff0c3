import { QueryRunner } from 'typeorm';
import { ColumnShape, ForeignKeyShape, sameColumns, SchemaSnapshot } from './schema-snapshot';

// --- The expand-only rules ---------------------------------------------------------------------------

/**
 * What in `after` could break code written for `before`, one readable line each; empty when `after`
 * only expands `before`. The previous release names only the columns it knows in its INSERTs, reads
 * them back, and relies on the constraints it knew, no stricter ones.
 */
export function contractions(before: SchemaSnapshot, after: SchemaSnapshot): string[] {
  const found: string[] = [];
  for (const [tableName, old] of Object.entries(before)) {
    const now = after[tableName];
    if (!now) {
      found.push(`table ${tableName}: removed (or renamed)`);
      continue;
    }
    const added = Object.keys(now.columns).filter((name) => !(name in old.columns));
    // A NULL in a key column exempts the row from a unique key and a foreign key alike, so a key
    // that includes a new column the old code leaves NULL never refuses the old code's rows.
    const leftNullByOldCode = (name: string) =>
      added.includes(name) && now.columns[name].nullable && now.columns[name].default === null;

    for (const [name, column] of Object.entries(old.columns)) {
      const current = now.columns[name];
      const where = `table ${tableName}, column ${name}`;
      if (!current) {
        const candidates = added.filter((other) => now.columns[other].type === column.type);
        found.push(
          `${where}: removed${candidates.length > 0 ? ` (renamed to ${candidates.join(' or ')}?)` : ''}` +
            ': the previous release still reads and writes it',
        );
        continue;
      }
      if (current.type !== column.type) {
        found.push(`${where}: type changed from ${column.type} to ${current.type}`);
      }
      if (column.nullable && !current.nullable) {
        found.push(`${where}: made NOT NULL: the previous release may write NULL`);
      }
      if (column.default !== current.default) {
        found.push(
          `${where}: default changed from ${column.default ?? 'none'} to ${current.default ?? 'none'}: ` +
            'the previous release relies on it when it leaves the column out',
        );
      }
      if (column.generated && !current.generated) {
        found.push(`${where}: no longer generated: the previous release leaves it out of its INSERTs`);
      }
    }
    for (const name of added) {
      const column = now.columns[name];
      if (!column.nullable && column.default === null && !column.generated) {
        found.push(
          `table ${tableName}, column ${name}: added NOT NULL without a default: ` +
            "the previous release's INSERTs leave it out",
        );
      }
    }
    if (!sameColumns(old.primaryKey, now.primaryKey)) {
      found.push(
        `table ${tableName}: primary key changed from (${old.primaryKey.join(', ')}) to (${now.primaryKey.join(', ')})`,
      );
    }
    for (const key of now.uniqueKeys) {
      if (!old.uniqueKeys.some((other) => sameColumns(other, key)) && !key.some(leftNullByOldCode)) {
        found.push(`table ${tableName}: new unique key (${key.join(', ')}) may refuse the previous release's rows`);
      }
    }
    const describe = (key: ForeignKeyShape) => `(${key.columns.join(', ')}) → ${key.references}`;
    for (const key of now.foreignKeys) {
      if (!old.foreignKeys.some((other) => describe(other) === describe(key)) && !key.columns.some(leftNullByOldCode)) {
        found.push(`table ${tableName}: new foreign key ${describe(key)} may refuse the previous release's writes`);
      }
    }
    for (const check of now.checks) {
      if (!old.checks.includes(check)) {
        found.push(`table ${tableName}: new check (${check}) may refuse the previous release's rows`);
      }
    }
    // The feed names IDX_articles_created in its query; any index may be named so. Its columns may
    // change (a migration may rebuild it under the same name), its name must not go.
    for (const index of old.indexes) {
      if (!now.indexes.includes(index)) {
        found.push(
          `table ${tableName}: index ${index} removed or renamed: a query of the previous release may name it`,
        );
      }
    }
  }
  return found;
}

// --- The previous release's writes and reads, for real ---------------------------------------------

/** A value of the column's type that no earlier round used (`round` counts up). */
function valueFor(column: ColumnShape, round: number): string | number {
  const type = column.type.toLowerCase();
  const length = /\((\d+)\)/.exec(type);
  if (/^(tinyint|bool|boolean|bit)\b/.test(type)) {
    return 1;
  }
  if (/^(int|integer|smallint|mediumint|bigint|decimal|numeric|float|double|real)\b/.test(type)) {
    return 100_000 + round;
  }
  if (/^(datetime|timestamp)\b/.test(type)) {
    return `2001-02-03 04:05:${String(round % 60).padStart(2, '0')}.125`;
  }
  if (/^date\b/.test(type)) {
    return '2001-02-03';
  }
  if (/^time\b/.test(type)) {
    return '04:05:06';
  }
  if (/^json\b/.test(type)) {
    return '{}';
  }
  const enumValues = /enum\(([^)]*)\)/.exec(type);
  if (enumValues) {
    return enumValues[1].split(',')[0];
  }
  return `r${round}`.slice(0, length ? Number(length[1]) : undefined);
}

/** Parents before children, so every foreign key can point at this round's parent row. */
function insertionOrder(schema: SchemaSnapshot): string[] {
  const order: string[] = [];
  const pending = new Set(Object.keys(schema));
  while (pending.size > 0) {
    const ready = [...pending].filter((name) =>
      schema[name].foreignKeys.every((key) => {
        const parent = key.references.slice(0, key.references.indexOf('('));
        return parent === name || order.includes(parent) || !(parent in schema);
      }),
    );
    if (ready.length === 0) {
      throw new Error(`foreign keys form a cycle among ${[...pending].join(', ')}`);
    }
    for (const name of ready) {
      order.push(name);
      pending.delete(name);
    }
  }
  return order;
}

/**
 * As the release that knew `schema`: one INSERT per table naming exactly the columns it knew (parents
 * first, foreign keys pointing at the new parent rows), then a SELECT of those columns by primary key.
 * Returns what failed, one line each.
 */
export async function writeAndReadAsRelease(
  queryRunner: QueryRunner,
  schema: SchemaSnapshot,
  round: number,
): Promise<string[]> {
  const escape = (name: string) => queryRunner.connection.driver.escape(name);
  const written: Record<string, Record<string, string | number>> = {};
  const failures: string[] = [];
  for (const tableName of insertionOrder(schema)) {
    const table = schema[tableName];
    const row: Record<string, string | number> = {};
    for (const [name, column] of Object.entries(table.columns)) {
      // Auto-increment ids are written (the children's foreign keys need them); computed columns never.
      if (!column.type.includes(' as (')) {
        row[name] = valueFor(column, round);
      }
    }
    const unwritten = new Set(
      table.foreignKeys
        .map((key) => key.references.slice(0, key.references.indexOf('(')))
        .filter((parent) => parent !== tableName && !written[parent]),
    );
    if (unwritten.size > 0) {
      failures.push(`${tableName}: not tried, as ${[...unwritten].join(' and ')} could not be written`);
      continue;
    }
    for (const key of table.foreignKeys) {
      const parent = key.references.slice(0, key.references.indexOf('('));
      const parentColumns = key.references
        .slice(key.references.indexOf('(') + 1, key.references.indexOf(')'))
        .split(', ');
      key.columns.forEach((name, i) => {
        row[name] = (parent === tableName ? row : written[parent])[parentColumns[i]];
      });
    }
    const names = Object.keys(row);
    const keyColumns = table.primaryKey.length > 0 ? table.primaryKey : names;
    try {
      await queryRunner.query(
        `INSERT INTO ${escape(tableName)} (${names.map(escape).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
        names.map((name) => row[name]),
      );
      const found: unknown[] = await queryRunner.query(
        `SELECT ${names.map(escape).join(', ')} FROM ${escape(tableName)} WHERE ${keyColumns.map((name) => `${escape(name)} = ?`).join(' AND ')}`,
        keyColumns.map((name) => row[name]),
      );
      if (found.length !== 1) {
        failures.push(`${tableName}: the row written was read back ${found.length} times`);
      }
      written[tableName] = row;
    } catch (error) {
      failures.push(`${tableName}: ${(error as Error).message}`);
    }
  }
  return failures;
}
