import { DataSource } from 'typeorm';
import { StatementCache } from '../../src/common/database/statement-cache';
import { TagEntity } from '../../src/tags/tag.entity';

/** StatementCache on an in-memory SQLite database: one table of tags is enough. */
describe('StatementCache', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [TagEntity],
      synchronize: true,
    });
    await dataSource.initialize();
    await dataSource.query(`INSERT INTO tags (name, articles_count) VALUES ('a', 3), ('b', 2), ('c', 1)`);
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  const byCount = (cache: StatementCache, least: number, limit: number) =>
    cache.rows<{ name: string }>(
      'tags by count',
      () =>
        dataSource
          .createQueryBuilder()
          .select('t.name', 'name')
          .from(TagEntity, 't')
          .where('t.articles_count >= :least', { least })
          .orderBy('t.articles_count', 'DESC')
          .getQuery() + ' LIMIT :limit',
      { least, limit },
    );

  it('should build a shape once and run it with each call’s parameters', async () => {
    const cache = new StatementCache(dataSource);
    const build = jest.spyOn(dataSource, 'createQueryBuilder');

    expect(await byCount(cache, 2, 10)).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(await byCount(cache, 1, 1)).toEqual([{ name: 'a' }]);
    expect(await byCount(cache, 1, 3)).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    expect(build).toHaveBeenCalledTimes(1);
    build.mockRestore();
  });

  it('should refuse a builder whose parameters the call does not give (they would be the first call’s)', async () => {
    const cache = new StatementCache(dataSource);

    await expect(
      cache.rows(
        'forgets a parameter',
        () =>
          dataSource.createQueryBuilder().select('t.name').from(TagEntity, 't').where('t.name = :name', { name: 'a' }),
        {},
      ),
    ).rejects.toThrow(/parameters name are not given/);
  });

  it('should bind a spread list afresh on every call', async () => {
    const cache = new StatementCache(dataSource);
    const named = (names: string[]) =>
      cache.rows<{ name: string }>(
        'tags named',
        () =>
          dataSource
            .createQueryBuilder()
            .select('t.name', 'name')
            .from(TagEntity, 't')
            .where('t.name IN (:...names)')
            .orderBy('t.name'),
        { names },
      );

    expect(await named(['a'])).toEqual([{ name: 'a' }]);
    expect(await named(['c', 'b', 'x'])).toEqual([{ name: 'b' }, { name: 'c' }]);
  });
});
