import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { api, createArticle, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { recordQueries, RecordedQuery } from '../support/query-recorder';
import { createMigratedDatabase, dropDatabase, isMysqlTarget } from '../support/test-database';

/** The big tables: none of them may ever be read in full by a request. */
const WATCHED = new Set(['articles', 'favorites', 'follows', 'comments', 'article_tags']);
const SQL_KEYWORDS = new Set(['WHERE', 'SET', 'INNER', 'LEFT', 'JOIN', 'ON', 'ORDER', 'GROUP', 'LIMIT', 'VALUES']);

const USERS = 400;
const ARTICLES = 4000;
const TAGS = 60;

/** alias → table, read from the statement's FROM / JOIN / UPDATE clauses. */
function tablesByAlias(sql: string): Map<string, string> {
  const aliases = new Map<string, string>();
  const clause = /\b(?:FROM|JOIN|UPDATE)\s+[`"]?(\w+)[`"]?(?:\s+(?:AS\s+)?[`"]?(\w+)[`"]?)?/gi;
  for (const [, table, alias] of sql.matchAll(clause)) {
    aliases.set(table, table);
    if (alias && !SQL_KEYWORDS.has(alias.toUpperCase())) {
      aliases.set(alias, table);
    }
  }
  return aliases;
}

/** The watched tables this statement reads in full, by the database's own plan. */
async function fullScans(dataSource: DataSource, { sql, parameters }: RecordedQuery): Promise<string[]> {
  const aliases = tablesByAlias(sql);
  if (isMysqlTarget()) {
    const plan: { table: string | null; type: string | null }[] = await dataSource.query(`EXPLAIN ${sql}`, parameters);
    return plan
      .filter((row) => row.type === 'ALL' && WATCHED.has(aliases.get(row.table ?? '') ?? ''))
      .map((row) => `${aliases.get(row.table ?? '')} (type ALL)`);
  }
  const plan: { detail: string }[] = await dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
  return plan.flatMap(({ detail }) => {
    const scanned = /^SCAN (\w+)$/.exec(detail)?.[1];
    const table = scanned && aliases.get(scanned);
    return table && WATCHED.has(table) ? [`${table} (${detail})`] : [];
  });
}

const isPlannable = (sql: string) => /^\s*(SELECT|UPDATE|DELETE)\b/i.test(sql);

/**
 * Every statement of the hot requests, explained by the database itself on a few thousand rows,
 * enough for the optimizer to choose as it would on a big site.
 */
describe('Query plans of hot requests (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let databaseName: string | undefined;
  let reader: RegisteredUser;
  const busySlug = 'busy-article-000001';

  beforeAll(async () => {
    if (isMysqlTarget()) {
      databaseName = await createMigratedDatabase('explain');
      process.env.DB_NAME = databaseName;
    }
    app = await createTestApp();
    dataSource = app.get(DataSource);
    await seed(dataSource);
    reader = await registerUser(app);
    await dataSource.query(
      `INSERT INTO follows (follower_id, followee_id, created_at) SELECT ?, id, created_at FROM users WHERE id <= 100`,
      [await idOf(reader.username)],
    );
    await dataSource.query(
      `INSERT INTO favorites (user_id, article_id, article_created_at, created_at)
       SELECT ?, id, created_at, created_at FROM articles WHERE id % 40 = 0`,
      [await idOf(reader.username)],
    );
    await analyze(dataSource);
  });

  afterAll(async () => {
    await app?.close();
    if (databaseName) {
      await dropDatabase(databaseName);
    }
  });

  /** Each statement with its full scans, so a failure names the statement and the table. */
  const expectNoFullScans = async (queries: RecordedQuery[]) => {
    for (const query of queries) {
      expect({ sql: query.sql, fullScans: await fullScans(dataSource, query) }).toEqual({
        sql: query.sql,
        fullScans: [],
      });
    }
  };

  const idOf = async (username: string): Promise<number> => {
    const [row] = await dataSource.query<{ id: number }[]>('SELECT id FROM users WHERE username = ?', [username]);
    return Number(row.id);
  };

  const reads: [string, () => string][] = [
    ['the newest articles', () => '/api/articles?limit=20'],
    ['a deep page', () => '/api/articles?limit=20&offset=3000'],
    ['articles by tag', () => '/api/articles?tag=tag7'],
    ['a deep page by tag', () => '/api/articles?tag=tag7&offset=100'],
    ['articles by author', () => '/api/articles?author=user1'],
    ['a deep page by a prolific author', () => '/api/articles?author=user1&offset=900'],
    ['articles by favorited', () => `/api/articles?favorited=${reader.username}`],
    ['articles by tag and author', () => '/api/articles?tag=tag3&author=user1'],
    ['articles by favorited and tag', () => `/api/articles?tag=tag3&favorited=${reader.username}`],
    ['articles by all three filters', () => `/api/articles?tag=tag3&author=user1&favorited=${reader.username}`],
    ['the feed', () => '/api/articles/feed'],
    ['the feed, a page of 100', () => '/api/articles/feed?limit=100'],
    ['a deep page of the feed', () => '/api/articles/feed?offset=500'],
    ['one article', () => `/api/articles/${busySlug}`],
    ['comments of a busy article', () => `/api/articles/${busySlug}/comments`],
    ['a deep page of comments', () => `/api/articles/${busySlug}/comments?offset=900`],
    ['a profile', () => '/api/profiles/user1'],
    ['the tags', () => '/api/tags'],
  ];

  it('should flag a statement that reads a big table in full (the check itself works)', async () => {
    const scans = await fullScans(dataSource, {
      sql: 'SELECT a.id FROM articles a INNER JOIN comments c ON c.body = a.body WHERE a.description = ?',
      parameters: ['d'],
    });

    expect(scans.length).toBeGreaterThan(0);
    expect(scans.join()).toMatch(/articles|comments/);
  });

  it.each(reads)('should read no big table in full for %s', async (_name, path) => {
    const queries = await recordQueries(app, () => api(app).get(path(), reader.token).expect(200));
    const plannable = queries.filter((query) => isPlannable(query.sql));

    expect(plannable.length).toBeGreaterThan(0);
    await expectNoFullScans(plannable);
  });

  it('should read the most used tags from the popularity index in order, without sorting every tag in use', async () => {
    const [query] = await recordQueries(app, () => api(app).get('/api/tags').expect(200));
    const plan = isMysqlTarget()
      ? (await dataSource.query<{ key: string | null; Extra: string }[]>(`EXPLAIN ${query.sql}`, query.parameters)).map(
          (row) => `${row.key} ${row.Extra}`,
        )
      : (await dataSource.query<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${query.sql}`, query.parameters)).map(
          (row) => row.detail,
        );

    expect(plan.join('; ')).toMatch(/IDX_tags_popularity/);
    expect(plan.join('; ')).not.toMatch(/filesort|TEMP B-TREE/i);
  });

  it("should read the feed's page from one range of (author_id, created_at) per recent author, from the cutoff on", async () => {
    const queries = await recordQueries(app, () => api(app).get('/api/articles/feed', reader.token).expect(200));
    const recent = queries.find((query) => /fa\.author_id IN \(/.test(query.sql));
    if (!recent) {
      throw new Error(`the feed did not read its recent authors: ${queries.map((query) => query.sql).join('\n')}`);
    }
    const plan = isMysqlTarget()
      ? (
          await dataSource.query<{ table: string; type: string; key: string | null }[]>(
            `EXPLAIN ${recent.sql}`,
            recent.parameters,
          )
        )
          .filter((row) => row.table === 'fa')
          .map((row) => `${row.type} ${row.key}`)
      : (await dataSource.query<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${recent.sql}`, recent.parameters))
          .map((row) => row.detail)
          .filter((detail) => / fa /.test(detail));

    expect(plan.join('; ')).toMatch(
      isMysqlTarget()
        ? /^range IDX_articles_author_created$/
        : /IDX_articles_author_created \(author_id=\? AND created_at>\?\)/,
    );
  });

  it('should read no big table in full when writing: favorite, unfavorite, comment, update, delete', async () => {
    const { slug } = await createArticle(app, reader, { title: 'Planned', tagList: ['tag1', 'fresh-tag'] });

    const queries = await recordQueries(app, async () => {
      await api(app).post(`/api/articles/${busySlug}/favorite`, reader.token).expect(200);
      await api(app).delete(`/api/articles/${busySlug}/favorite`, reader.token).expect(200);
      await api(app).post(`/api/profiles/user2/follow`, reader.token).expect(200);
      await api(app).delete(`/api/profiles/user2/follow`, reader.token).expect(200);
      await api(app)
        .post(`/api/articles/${slug}/comments`, reader.token)
        .send({ comment: { body: 'c' } })
        .expect(201);
      await api(app)
        .put(`/api/articles/${slug}`, reader.token)
        .send({ article: { title: 'Planned again', tagList: ['tag2'] } })
        .expect(200);
      const { body } = await api(app).get(`/api/articles?author=${reader.username}&limit=1`).expect(200);
      await api(app).delete(`/api/articles/${body.articles[0].slug}`, reader.token).expect(204);
    });
    const plannable = queries.filter((query) => isPlannable(query.sql));

    expect(plannable.length).toBeGreaterThan(10);
    await expectNoFullScans(plannable);
  });
});

/** Bulk rows through plain multi-row INSERTs: 400 users, 4 000 articles (a quarter by user1), tags, favorites, follows, comments. */
async function seed(dataSource: DataSource): Promise<void> {
  // UTC 'YYYY-MM-DD HH:MM:SS.SSS': what both dialects store for datetime(3).
  const at = (i: number) =>
    new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace('T', ' ').replace('Z', '');
  const insert = async (table: string, columns: string[], rows: unknown[][]) => {
    for (let start = 0; start < rows.length; start += 500) {
      const chunk = rows.slice(start, start + 500);
      const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      await dataSource.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders}`, chunk.flat());
    }
  };
  const users = Array.from({ length: USERS }, (_, i) => i + 1);
  await insert(
    'users',
    ['id', 'email', 'username', 'username_key', 'password_hash', 'created_at', 'updated_at'],
    users.map((id) => [id, `user${id}@seed.test`, `user${id}`, `user${id}`, 'x', at(id), at(id)]),
  );
  const articles = Array.from({ length: ARTICLES }, (_, i) => i + 1);
  const authorOf = (id: number) => (id % 4 === 0 ? 1 : (id % USERS) + 1);
  await insert(
    'articles',
    ['id', 'slug', 'title', 'description', 'body', 'author_id', 'created_at', 'updated_at'],
    articles.map((id) => [
      id,
      id === 1 ? 'busy-article-000001' : `seeded-${id}`,
      `Seeded ${id}`,
      'd',
      'b',
      authorOf(id),
      at(id),
      at(id),
    ]),
  );
  await insert(
    'tags',
    ['id', 'name', 'articles_count'],
    Array.from({ length: TAGS }, (_, i) => [i + 1, `tag${i + 1}`, 0]),
  );
  await insert(
    'article_tags',
    ['article_id', 'tag_id', 'article_created_at'],
    articles.flatMap((id) => [
      [id, (id % TAGS) + 1, at(id)],
      [id, ((id * 7) % TAGS) + 1 === (id % TAGS) + 1 ? ((id + 1) % TAGS) + 1 : ((id * 7) % TAGS) + 1, at(id)],
    ]),
  );
  await insert(
    'favorites',
    ['user_id', 'article_id', 'article_created_at', 'created_at'],
    users.flatMap((user) =>
      Array.from({ length: 20 }, (_, k) => ((user * 37 + k * 101) % ARTICLES) + 1)
        .filter((article, index, all) => all.indexOf(article) === index)
        .map((article) => [user, article, at(article), at(user)]),
    ),
  );
  await insert(
    'follows',
    ['follower_id', 'followee_id', 'created_at'],
    users.flatMap((user) =>
      [1, 2, 3, 4, 5]
        .map((k) => ((user * 13 + k * 17) % USERS) + 1)
        .filter((followee, index, all) => followee !== user && all.indexOf(followee) === index)
        .map((followee) => [user, followee, at(user)]),
    ),
  );
  await insert(
    'comments',
    ['article_id', 'author_id', 'body', 'created_at', 'updated_at'],
    Array.from({ length: 4000 }, (_, i) => [i < 1000 ? 1 : (i % 500) + 1, (i % USERS) + 1, `c${i}`, at(i), at(i)]),
  );
  await dataSource.query(
    `UPDATE users SET articles_count = (SELECT COUNT(*) FROM articles a WHERE a.author_id = users.id),
      favorites_count = (SELECT COUNT(*) FROM favorites f WHERE f.user_id = users.id),
      last_article_at = (SELECT MAX(a.created_at) FROM articles a WHERE a.author_id = users.id)`,
  );
  await dataSource.query(
    'UPDATE articles SET favorites_count = (SELECT COUNT(*) FROM favorites f WHERE f.article_id = articles.id)',
  );
  await dataSource.query(
    'UPDATE tags SET articles_count = (SELECT COUNT(*) FROM article_tags art WHERE art.tag_id = tags.id)',
  );
  await dataSource.query(`UPDATE counters SET value = ? WHERE name = 'articles'`, [ARTICLES]);
}

async function analyze(dataSource: DataSource): Promise<void> {
  if (isMysqlTarget()) {
    await dataSource.query('ANALYZE TABLE users, articles, favorites, follows, tags, article_tags, comments');
  } else {
    await dataSource.query('ANALYZE');
  }
}
