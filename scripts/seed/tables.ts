import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { canonicalValue } from '../../src/database/backup/tables';
import { SqlValue } from './writer';

/** An entity's columns as a plain row: its required properties (relations are optional, `author?:`). */
export type Row<E> = { [K in keyof E as undefined extends E[K] ? never : K]: E[K] };

/** Where an entity's rows go, from the TypeORM metadata: the table, its columns, and a row's values. */
export interface SeedTable<E> {
  name: string;
  /** Column names in the database, in the entity's order. */
  columns: string[];
  /** A row's values in `columns` order, datetimes as the UTC text both dialects store. */
  values(row: Row<E>): SqlValue[];
}

export function seedTable<E extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<E>): SeedTable<E> {
  const { tableName, columns } = dataSource.getMetadata(entity);
  const properties = columns.map((column) => column.propertyName as keyof Row<E>);
  return {
    name: tableName,
    columns: columns.map((column) => column.databaseName),
    values: (row) => properties.map((property) => sqlValue(row[property])),
  };
}

const sqlValue = (value: unknown): SqlValue =>
  value instanceof Date ? canonicalValue('datetime', value) : (value as SqlValue);
