import { fitTable, sameColumns, schemaProblems } from './contents';
import { DataTable } from './tables';

const table = (name: string, columns: string[], primaryKey = [columns[0]]): DataTable => ({
  name,
  columns: columns.map((column) => ({ name: column, kind: 'text' })),
  primaryKey,
});

describe('fitTable', () => {
  it('should leave out the columns the data lacks, keeping the order of the table', () => {
    const users = table('users', ['id', 'username', 'bio']);

    expect(fitTable(users, ['bio', 'id'])).toEqual(table('users', ['id', 'bio']));
  });

  it('should refuse data without a primary key column', () => {
    expect(() => fitTable(table('follows', ['a', 'b'], ['a', 'b']), ['a'])).toThrow('table follows has no column b');
  });
});

describe('sameColumns', () => {
  it('should compare column lists in any order, each column once', () => {
    expect(sameColumns(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameColumns(['a', 'b'], ['a'])).toBe(false);
    expect(sameColumns(['a', 'a'], ['a', 'b'])).toBe(false);
  });
});

describe('schemaProblems', () => {
  it('should find nothing when the data creates the tables of the manifest, and its bookkeeping tables', () => {
    const created = new Map([
      ['users', ['bio', 'id']],
      ['migrations', ['id', 'timestamp', 'name']],
      ['replication_heartbeat', ['id', 'beat']],
    ]);

    expect(schemaProblems([table('users', ['id', 'bio'])], created)).toEqual([]);
  });

  it('should name each table that differs, sorted, one line each', () => {
    const manifest = [table('users', ['id', 'bio']), table('tags', ['id', 'name']), table('follows', ['a', 'b'])];
    const created = new Map([
      ['users', ['id', 'image']],
      ['ghosts', ['id']],
      ['follows', ['a']],
    ]);

    expect(schemaProblems(manifest, created)).toEqual([
      "table follows: its columns differ from the manifest's (not in the data: b)",
      'table ghosts is in the data, not in the manifest',
      'table tags is in the manifest, not in the data',
      "table users: its columns differ from the manifest's (not in the manifest: image; not in the data: bio)",
    ]);
  });

  it('should name a column created twice', () => {
    const created = new Map([['users', ['id', 'id', 'bio']]]);

    expect(schemaProblems([table('users', ['id', 'bio', 'bio'])], created)).toEqual([
      "table users: its columns differ from the manifest's (a column twice)",
    ]);
  });
});
