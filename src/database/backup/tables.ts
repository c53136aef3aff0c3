import { DataSource, EntityMetadata } from 'typeorm';
import { ReplicationHeartbeatEntity } from '../replication/heartbeat.entity';

/** How a column's values are compared and carried across dialects. */
export type ColumnKind = 'integer' | 'text' | 'datetime';

export interface DataColumn {
  name: string;
  kind: ColumnKind;
}

export interface DataTable {
  name: string;
  columns: DataColumn[];
  /** The primary key's columns, in index order: rows are read and hashed in this order. */
  primaryKey: string[];
}

/**
 * The tables that hold the application's data, from the TypeORM entity metadata, each after the
 * tables its foreign keys refer to, so a copy inserts every row after the rows it refers to. The
 * replication heartbeat is left out: it is rewritten every few seconds and is no one's data.
 */
export function dataTables(dataSource: DataSource): DataTable[] {
  const metadatas = dataSource.entityMetadatas.filter((metadata) => metadata.target !== ReplicationHeartbeatEntity);
  const ordered: EntityMetadata[] = [];
  const visit = (metadata: EntityMetadata, path: string[]) => {
    if (ordered.includes(metadata)) {
      return;
    }
    if (path.includes(metadata.tableName)) {
      throw new Error(`foreign keys form a cycle: ${[...path, metadata.tableName].join(' -> ')}`);
    }
    for (const foreignKey of metadata.foreignKeys) {
      if (foreignKey.referencedEntityMetadata !== metadata) {
        visit(foreignKey.referencedEntityMetadata, [...path, metadata.tableName]);
      }
    }
    ordered.push(metadata);
  };
  metadatas.forEach((metadata) => visit(metadata, []));
  return ordered.map((metadata) => ({
    name: metadata.tableName,
    columns: metadata.columns
      .map((column) => ({ name: column.databaseName, kind: kindOf(column.type) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    primaryKey: metadata.primaryColumns.map((column) => column.databaseName),
  }));
}

function kindOf(type: unknown): ColumnKind {
  if (type === 'datetime' || type === Date) {
    return 'datetime';
  }
  if (type === 'int' || type === 'integer' || type === Number) {
    return 'integer';
  }
  return 'text';
}

/**
 * A value as both dialects agree on it: integers as numbers, datetimes as UTC text with
 * milliseconds (`2026-12-03 10:15:30.123`, the form TypeORM writes to SQLite and MySQL accepts),
 * text as is. mysql2 reads DATETIME as a Date, SQLite as that text, a dump as that text.
 */
export function canonicalValue(kind: ColumnKind, value: unknown): string | number | null {
  if (value === null || value === undefined) {
    return null;
  }
  switch (kind) {
    case 'integer':
      return integerValue(value);
    case 'datetime': {
      const date = value instanceof Date ? value : new Date(`${scalarText(value).replace(' ', 'T')}Z`);
      if (Number.isNaN(date.getTime())) {
        throw new Error(`not a datetime: ${scalarText(value)}`);
      }
      return date.toISOString().replace('T', ' ').replace('Z', '');
    }
    case 'text':
      return scalarText(value);
  }
}

/**
 * A driver's integer (a number, a bigint, or text from a dump or a SQLite column) as a number.
 * Anything else would become NaN, which JSON writes as null like a real NULL, or 0 (`Number('')`):
 * a value that is no integer is refused instead.
 */
function integerValue(value: unknown): number {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'bigint' || (typeof value === 'string' && value.trim() !== '')
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(number)) {
    throw new Error(`not an integer: ${describeValue(value)}`);
  }
  return number;
}

/** `'many'`, `NaN`, `a Buffer`: a value for a message, long text cut short. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  return Buffer.isBuffer(value) ? 'a Buffer' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A driver's scalar as text; anything else (an object) is a schema this code does not know. */
function scalarText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return value.toString();
  }
  if (Buffer.isBuffer(value)) {
    return value.toString('utf8');
  }
  throw new Error(`not a text value: ${typeof value}`);
}
