import { DataSource } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { INDEX_PURPOSES } from './index-purposes';

/**
 * The generated blocks of `docs/database.md`: a Mermaid erDiagram built from TypeORM's entity metadata
 * (tables, columns with their MySQL types, keys, relations), and every index with the query it serves.
 * An index without a stated purpose, or a purpose without an index, fails the generation.
 */
export function databaseBlocks(dataSource: DataSource): Record<string, string> {
  const entities = [...dataSource.entityMetadatas].sort((a, b) => a.tableName.localeCompare(b.tableName));
  const diagram: string[] = ['erDiagram'];
  for (const entity of entities) {
    const unique = new Set(
      entity.indices.filter((index) => index.isUnique && index.columns.length === 1).map((index) => index.columns[0]),
    );
    diagram.push(`  ${entity.tableName} {`);
    for (const column of entity.columns) {
      const keys = [
        column.isPrimary ? 'PK' : undefined,
        column.relationMetadata ? 'FK' : undefined,
        unique.has(column) ? 'UK' : undefined,
      ].filter(Boolean);
      const note = column.isNullable ? ' "nullable"' : '';
      diagram.push(
        `    ${typeOf(dataSource, column)} ${column.databaseName}${keys.length ? ` ${keys.join(', ')}` : ''}${note}`,
      );
    }
    diagram.push('  }');
  }
  for (const entity of entities) {
    for (const foreignKey of entity.foreignKeys) {
      const target = foreignKey.referencedEntityMetadata.tableName;
      diagram.push(`  ${target} ||--o{ ${entity.tableName} : "${foreignKey.columnNames.join(', ')}"`);
    }
  }

  const rows: string[] = [];
  const described = new Set<string>();
  const describe = (name: string) => {
    const purpose = INDEX_PURPOSES[name];
    if (purpose === undefined) {
      throw new Error(`docs: index ${name} has no entry in scripts/docs/index-purposes.ts`);
    }
    described.add(name);
    return purpose;
  };
  for (const entity of entities) {
    const primary = entity.primaryColumns.map((column) => column.databaseName);
    rows.push(
      `| \`${entity.tableName}\` | primary key | ${primary.join(', ')} | yes | ${describe(`PK_${entity.tableName}`)} |`,
    );
    for (const index of [...entity.indices].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''))) {
      const name = index.name ?? '';
      const columns = index.columns.map((column) => column.databaseName).join(', ');
      rows.push(
        `| \`${entity.tableName}\` | \`${name}\` | ${columns} | ${index.isUnique ? 'yes' : ''} | ${describe(name)} |`,
      );
    }
  }
  const unused = Object.keys(INDEX_PURPOSES).filter((name) => !described.has(name));
  if (unused.length > 0) {
    throw new Error(`docs: scripts/docs/index-purposes.ts describes indexes that do not exist: ${unused.join(', ')}`);
  }

  return {
    schema: ['```mermaid', ...diagram, '```'].join('\n'),
    indexes: ['| Table | Index | Columns | Unique | Serves |', '| --- | --- | --- | --- | --- |', ...rows].join('\n'),
  };
}

function typeOf(dataSource: DataSource, column: ColumnMetadata): string {
  const type = dataSource.driver.normalizeType(column);
  const length = column.length || dataSource.driver.getColumnLength(column);
  return (length ? `${type}(${length})` : type).replace(/\s+/g, '_');
}
