import { DataSource } from 'typeorm';
import { Database } from '../../src/database/database';
import { createDialect } from '../../src/database/dialect/create-dialect';
import { statement } from '../../src/database/dialect/statement';
import { createMigratedDatabase, dataSourceFor, dropDatabase, isMysqlTarget } from '../support/test-database';

const TAGS_BY_COUNT = statement<{ least: number; limit: number }, { name: string }>(
  'tags by count',
  () =>
    'SELECT t.name AS name FROM tags t WHERE t.articles_count >= :least ORDER BY t.articles_count DESC LIMIT :limit',
);
const TAGS_NAMED = statement<{ names: readonly string[] }, { name: string }>(
  'tags named',
  () => 'SELECT t.name AS name FROM tags t WHERE t.name IN (:...names) ORDER BY t.name',
);
const INSERT_TAG = statement<{ name: string }>(
  'insert a tag',
  () => 'INSERT INTO tags (name, articles_count) VALUES (:name, 0)',
);

/** The statement runner on the migrated schema of the test target (SQLite, or MariaDB with DB_TYPE). */
describe('Database', () => {
  let name: string | undefined;
  let dataSource: DataSource;
  let database: Database;

  beforeAll(async () => {
    name = isMysqlTarget() ? await createMigratedDatabase('statements') : undefined;
    dataSource = await dataSourceFor(name ? { DB_NAME: name } : { DB_PATH: ':memory:' }).initialize();
    await dataSource.runMigrations();
    database = new Database(dataSource, createDialect(dataSource));
    await dataSource.query(`INSERT INTO tags (name, articles_count) VALUES ('a', 3), ('b', 2), ('c', 1)`);
  });

  afterAll(async () => {
    await dataSource.destroy();
    if (name) {
      await dropDatabase(name);
    }
  });

  it('should build a statement once per dialect and run it with each call’s parameters', async () => {
    const sql = jest.spyOn(TAGS_BY_COUNT, 'sql');
    const built = TAGS_BY_COUNT.sql(database.dialect.sql);

    expect(await database.rows(TAGS_BY_COUNT, { least: 2, limit: 10 })).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(await database.rows(TAGS_BY_COUNT, { least: 1, limit: 1 })).toEqual([{ name: 'a' }]);
    expect(sql.mock.results.every((result) => result.value === built)).toBe(true);
    sql.mockRestore();
  });

  it('should bind a spread list afresh on every call', async () => {
    expect(await database.rows(TAGS_NAMED, { names: ['a'] })).toEqual([{ name: 'a' }]);
    expect(await database.rows(TAGS_NAMED, { names: ['c', 'b', 'x'] })).toEqual([{ name: 'b' }, { name: 'c' }]);
  });

  it('should refuse at compile time a call without one of the parameters', () => {
    // @ts-expect-error -- `limit` is missing: the statement's parameter type names it.
    const call = () => database.rows(TAGS_BY_COUNT, { least: 1 });
    expect(typeof call).toBe('function');
  });

  it('should answer a write’s affected rows and new id, and classify a duplicate', async () => {
    const inserted = await database.run(INSERT_TAG, { name: 'd' });

    expect(inserted.affected).toBe(1);
    expect(database.insertedId(inserted)).toBeGreaterThan(0);
    const duplicate = await database.run(INSERT_TAG, { name: 'd' }).catch((error: unknown) => error);
    expect(database.dialect.classifyError(duplicate)?.kind).toBe('unique');
  });

  it('should refuse at run time a call without one of the parameters, before sending it', async () => {
    const parameters = { least: 1 } as unknown as { least: number; limit: number };

    await expect(database.rows(TAGS_BY_COUNT, parameters)).rejects.toThrow('tags by count: called without limit');
  });

  it('should prepare fixed texts where the dialect can, and send a spread list as text', async () => {
    const logQuery = jest.spyOn(dataSource.logger, 'logQuery');
    try {
      await database.rows(TAGS_BY_COUNT, { least: 2, limit: 10 });
      await database.rows(TAGS_NAMED, { names: ['a', 'b'] });

      const [fixed, spread] = logQuery.mock.calls.map(([sql, values]) => [sql, values]);
      const prepared = database.dialect.prepares;
      expect(fixed).toEqual(prepared ? [expect.stringContaining('>= ? ORDER BY'), [2, 10]] : expect.anything());
      expect(spread).toEqual([expect.stringContaining('IN (?, ?)'), ['a', 'b']]);
    } finally {
      logQuery.mockRestore();
    }
  });

  it('should roll back a transaction that throws', async () => {
    const failed = database.transaction(async (tx) => {
      await tx.run(INSERT_TAG, { name: 'rolled-back' });
      throw new Error('no');
    });

    await expect(failed).rejects.toThrow('no');
    expect(await database.rows(TAGS_NAMED, { names: ['rolled-back'] })).toEqual([]);
  });
});
