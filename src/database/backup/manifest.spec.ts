import { readFileSync } from 'node:fs';
import { applicationInfo, Manifest, manifestTables, parseManifest, tableSchemas } from './manifest';
import { DataTable } from './tables';

const tables: DataTable[] = [
  { name: 'users', columns: [{ name: 'id', kind: 'integer' }], primaryKey: ['id'] },
  {
    name: 'follows',
    columns: [
      { name: 'follower_id', kind: 'integer' },
      { name: 'followee_id', kind: 'integer' },
      { name: 'created_at', kind: 'datetime' },
    ],
    primaryKey: ['follower_id', 'followee_id'],
  },
];

const aManifest = (): Manifest => ({
  format: 1,
  dialect: 'mariadb',
  createdAt: '2026-12-03T15:45:00.987Z',
  server: { name: 'conduit-nestjs', version: '1.0.0' },
  lastMigration: 'TagsPopularityDescending1796220000000',
  migrations: 12,
  data: 'dump.sql',
  tables: { users: { rows: 3, sha256: 'a'.repeat(64) }, follows: { rows: 0, sha256: 'b'.repeat(64) } },
  schema: tableSchemas(tables),
});

/** The message parseManifest refuses a manifest with after `edit`. */
function refusal(edit: (manifest: Record<string, unknown>) => void): string {
  const manifest = aManifest() as unknown as Record<string, unknown>;
  edit(manifest);
  try {
    parseManifest(JSON.stringify(manifest));
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('parseManifest', () => {
  it('should read a manifest back as it was written', () => {
    expect(parseManifest(JSON.stringify(aManifest()))).toEqual(aManifest());
    expect(refusal((manifest) => (manifest.lastMigration = null))).toBe('accepted');
  });

  it('should refuse text that is not JSON in one line', () => {
    expect(() => parseManifest('{"format": 1,')).toThrow(/^manifest\.json is not JSON \(.+\)$/);
  });

  it.each<[string, (manifest: Record<string, unknown>) => void, string]>([
    ['another format', (m) => (m.format = 2), 'format 2 is not one this code reads (1)'],
    ['an unknown dialect', (m) => (m.dialect = 'postgres'), 'dialect "postgres" is not one of sqlite, mysql, mariadb'],
    ['a time that is not one', (m) => (m.createdAt = 'yesterday'), 'createdAt is not a time'],
    ['no server version', (m) => (m.server = { name: 'conduit' }), 'server is not { name, version }'],
    ['a numeric last migration', (m) => (m.lastMigration = 7), 'lastMigration is not a name or null'],
    ['a negative count', (m) => (m.migrations = -1), 'migrations is not a count'],
    ['the manifest itself as data', (m) => (m.data = 'manifest.json'), 'data does not name an entry'],
    ['no schema', (m) => delete m.schema, 'tables or schema is missing'],
    [
      'a short digest',
      (m) => ((m.tables as Manifest['tables']).users.sha256 = 'abc'),
      'tables.users is not { rows, sha256 }',
    ],
    [
      'a table without its schema',
      (m) => delete (m.schema as Manifest['schema']).follows,
      'schema.follows is not { columns: [{ name, kind }], primaryKey }',
    ],
    [
      'a column of an unknown kind',
      (m) => ((m.schema as Manifest['schema']).users.columns = [{ name: 'id', kind: 'blob' as 'text' }]),
      'schema.users is not { columns: [{ name, kind }], primaryKey }',
    ],
    [
      'an empty primary key',
      (m) => ((m.schema as Manifest['schema']).users.primaryKey = []),
      'schema.users is not { columns: [{ name, kind }], primaryKey }',
    ],
  ])('should refuse %s, saying what is wrong', (_case, edit, problem) => {
    expect(refusal(edit)).toBe(`manifest.json is invalid: ${problem}`);
  });

  it('should refuse what is not an object', () => {
    expect(() => parseManifest('[]')).toThrow('manifest.json is invalid: not an object');
  });
});

describe('tableSchemas and manifestTables', () => {
  it('should give back the tables a manifest was written for, in the order of its digests', () => {
    expect(manifestTables(aManifest())).toEqual(tables);
  });
});

describe('applicationInfo', () => {
  it("should give package.json's name and version", () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string };

    expect(applicationInfo()).toEqual({ name: pkg.name, version: pkg.version });
  });
});
