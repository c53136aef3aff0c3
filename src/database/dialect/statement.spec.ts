import { MYSQL_SQL } from './mysql.dialect';
import { SQLITE_SQL } from './sqlite.dialect';
import { statement } from './statement';

describe('statement', () => {
  const byIndex = statement<{ id: number; names: readonly string[] }, { id: number }>(
    'by index',
    (sql) => `SELECT s.id AS id
      FROM ${sql.tableWithIndex('articles', 's', 'IDX_articles_created')}
      WHERE s.id = :id AND s.name IN (:...names)${sql.forUpdate}`,
  );

  it('should build the text of each dialect from its fragments, one clause a line', () => {
    expect(byIndex.sql(MYSQL_SQL)).toBe(
      'SELECT s.id AS id\nFROM articles s FORCE INDEX (IDX_articles_created)\nWHERE s.id = :id AND s.name IN (:...names) FOR UPDATE',
    );
    expect(byIndex.sql(SQLITE_SQL)).toBe(
      'SELECT s.id AS id\nFROM articles s INDEXED BY IDX_articles_created\nWHERE s.id = :id AND s.name IN (:...names)',
    );
  });

  it('should build each dialect’s text once', () => {
    const build = jest.fn(() => 'SELECT 1');
    const once = statement<Record<string, never>>('once', build);

    once.sql(MYSQL_SQL);
    once.sql(MYSQL_SQL);
    once.sql(SQLITE_SQL);
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('should list the placeholders it names', () => {
    expect(byIndex.placeholders(MYSQL_SQL)).toEqual(['id', 'names']);
  });

  it('should number the placeholders of a fixed text in order, a repeated name each time it appears', () => {
    const page = statement<{ viewerId: number; limit: number; offset: number }, { id: number }>(
      'page',
      () => 'SELECT a.id FROM articles a WHERE a.author_id <> :viewerId OR :viewerId = 0 LIMIT :limit OFFSET :offset',
    );

    expect(page.positional(MYSQL_SQL)).toEqual({
      text: 'SELECT a.id FROM articles a WHERE a.author_id <> ? OR ? = 0 LIMIT ? OFFSET ?',
      names: ['viewerId', 'viewerId', 'limit', 'offset'],
    });
    expect(page.positional(MYSQL_SQL)).toBe(page.positional(MYSQL_SQL));
  });

  it('should give no positional text to a statement that expands an array', () => {
    expect(byIndex.positional(MYSQL_SQL)).toBeUndefined();
  });
});

describe('dialect fragments', () => {
  it('should aggregate JSON arrays and upsert counters in each dialect’s words', () => {
    expect(MYSQL_SQL.jsonArrayAgg('t.name')).toBe('JSON_ARRAYAGG(t.name)');
    expect(SQLITE_SQL.jsonArrayAgg('t.name')).toBe('json_group_array(t.name)');
    expect(MYSQL_SQL.upsertIncrement('name', 'n')).toBe('ON DUPLICATE KEY UPDATE n = n + 1');
    expect(SQLITE_SQL.upsertIncrement('name', 'n')).toBe('ON CONFLICT (name) DO UPDATE SET n = n + 1');
  });
});
