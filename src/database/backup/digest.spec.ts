import { createHash } from 'node:crypto';
import { compareDigests, Digests, TableHasher } from './digest';
import { DataTable } from './tables';

const users: DataTable = {
  name: 'users',
  columns: [
    { name: 'id', kind: 'integer' },
    { name: 'bio', kind: 'text' },
  ],
  primaryKey: ['id'],
};

const digestOf = (rows: Record<string, unknown>[]) => {
  const hasher = new TableHasher(users);
  rows.forEach((row) => hasher.add(row));
  return hasher.digest();
};

describe(TableHasher.name, () => {
  it("should hash each row as a JSON array of the table's columns, one line each", () => {
    const expected = createHash('sha256').update('[1,"a"]\n[2,null]\n').digest('hex');

    expect(
      digestOf([
        { id: 1, bio: 'a' },
        { bio: null, id: 2 },
      ]),
    ).toEqual({ rows: 2, sha256: expected });
  });

  it('should ignore columns the table does not list, and tell order and values apart', () => {
    const base = digestOf([{ id: 1, bio: 'a' }]);

    expect(digestOf([{ id: 1, bio: 'a', extra: 'x' }])).toEqual(base);
    expect(digestOf([{ id: 1, bio: 'b' }]).sha256).not.toBe(base.sha256);
    expect(digestOf([{ id: 1, bio: null }]).sha256).not.toBe(digestOf([{ id: 1, bio: 'null' }]).sha256);
    expect(digestOf([{ id: 1 }, { id: 2 }]).sha256).not.toBe(digestOf([{ id: 2 }, { id: 1 }]).sha256);
  });

  it('should digest no rows as the hash of nothing', () => {
    expect(digestOf([])).toEqual({ rows: 0, sha256: createHash('sha256').digest('hex') });
  });
});

describe('compareDigests', () => {
  const digests = (entries: Record<string, [number, string]>): Digests =>
    Object.fromEntries(Object.entries(entries).map(([name, [rows, sha]]) => [name, { rows, sha256: sha.repeat(64) }]));

  it('should find nothing between equal digests, whatever the order of the tables', () => {
    expect(
      compareDigests(digests({ users: [3, 'a'], tags: [0, 'b'] }), digests({ tags: [0, 'b'], users: [3, 'a'] })),
    ).toEqual([]);
  });

  it('should name each table that differs, sorted, one line each', () => {
    const expected = digests({ users: [3, 'a'], tags: [5, 'b'], follows: [1, 'c'], comments: [2, 'd'] });
    const actual = digests({ users: [3, 'e'], tags: [4, 'b'], follows: [1, 'c'], favorites: [0, 'f'] });

    expect(compareDigests(expected, actual)).toEqual([
      'comments: missing',
      'favorites: not expected',
      'tags: 4 rows, expected 5',
      'users: same 3 rows count, different content',
    ]);
  });
});
