import { QueryRunner, Table } from 'typeorm';
import { isMysqlTarget } from './test-database';

/**
 * A schema as the expand-only check compares it (test/integration/migrations-expand.spec.ts): per
 * table, what the previous release's INSERTs and SELECTs depend on, read back through TypeORM's
 * query runner on either dialect.
 */

export interface ColumnShape {
  /** Type with length/precision, sign, enum values and collation: any change is a retype. */
  type: string;
  nullable: boolean;
  /** The default as the database reports it; null when there is none. */
  default: string | null;
  /** Filled by the database (auto-increment, generated): INSERTs leave it out. */
  generated: boolean;
}

export interface ForeignKeyShape {
  columns: string[];
  /** `users(id) ON DELETE CASCADE ON UPDATE NO ACTION` */
  references: string;
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  /** Column lists of unique indexes and unique constraints (sorted: (a, b) and (b, a) forbid the same rows). */
  uniqueKeys: string[][];
  foreignKeys: ForeignKeyShape[];
  checks: string[];
  /** Names of the indexes: a query may name one (FORCE INDEX, INDEXED BY), so a name must stay. */
  indexes: string[];
}

export type SchemaSnapshot = Record<string, TableShape>;

function columnType(column: Table['columns'][number]): string {
  const size =
    column.length !== undefined && column.length !== ''
      ? `(${column.length})`
      : column.precision !== undefined && column.precision !== null
        ? `(${column.precision}${column.scale !== undefined ? `,${column.scale}` : ''})`
        : '';
  return [
    `${column.type}${size}`,
    column.unsigned ? 'unsigned' : '',
    column.enum ? `enum(${column.enum.join(',')})` : '',
    column.asExpression ? `as (${column.asExpression})` : '',
    column.collation ? `collate ${column.collation}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export const sameColumns = (a: string[], b: string[]) => a.join(',') === b.join(',');

function tableShape(table: Table): TableShape {
  const columns: Record<string, ColumnShape> = {};
  for (const column of table.columns) {
    columns[column.name] = {
      type: columnType(column),
      nullable: column.isNullable,
      default: column.default === undefined || column.default === null ? null : String(column.default),
      generated: column.isGenerated || column.asExpression !== undefined,
    };
  }
  const uniqueKeys = [
    ...table.indices.filter((index) => index.isUnique).map((index) => index.columnNames),
    ...table.uniques.map((unique) => unique.columnNames),
    ...table.columns.filter((column) => column.isUnique).map((column) => [column.name]),
  ]
    .map((names) => [...names].sort())
    .filter((names, i, all) => all.findIndex((other) => sameColumns(other, names)) === i)
    .sort((a, b) => a.join(',').localeCompare(b.join(',')));
  return {
    columns,
    primaryKey: table.primaryColumns.map((column) => column.name).sort(),
    uniqueKeys,
    foreignKeys: table.foreignKeys.map((key) => ({
      columns: key.columnNames,
      references:
        `${key.referencedTableName}(${key.referencedColumnNames.join(', ')})` +
        ` ON DELETE ${key.onDelete ?? 'NO ACTION'} ON UPDATE ${key.onUpdate ?? 'NO ACTION'}`,
    })),
    checks: table.checks.map((check) => check.expression ?? '').sort(),
    indexes: table.indices
      .map((index) => index.name ?? '')
      .filter(Boolean)
      .sort(),
  };
}

export async function snapshot(queryRunner: QueryRunner, migrationsTable: string): Promise<SchemaSnapshot> {
  // Named, because TypeORM's getTables() without names reads every database on a MySQL server.
  const rows: { name: string }[] = await queryRunner.query(
    isMysqlTarget()
      ? 'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()'
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  );
  const names = rows.map((row) => row.name).filter((name) => name !== migrationsTable);
  const tables = await queryRunner.getTables(names);
  return Object.fromEntries(
    tables.sort((a, b) => a.name.localeCompare(b.name)).map((table) => [table.name, tableShape(table)]),
  );
}
