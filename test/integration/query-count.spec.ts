import { NestExpressApplication } from '@nestjs/platform-express';
import { SelectQueryBuilder } from 'typeorm';
import { api, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { unique } from '../support/factories';
import { recordQueries } from '../support/query-recorder';
import { isMysqlTarget } from '../support/test-database';

const ARTICLES = 25;

/**
 * No N+1: a page of 20 costs exactly the statements a page of 1 does, for every list and for the
 * single-resource reads, whatever the viewer follows or favorited.
 */
describe('SQL statements per request (e2e)', () => {
  let app: NestExpressApplication;
  let author: RegisteredUser;
  let reader: RegisteredUser;
  let tag: string;
  let slug: string;

  beforeAll(async () => {
    app = await createTestApp();
    author = await registerUser(app);
    reader = await registerUser(app);
    tag = `q${unique()}`;
    for (let i = 0; i < ARTICLES; i++) {
      const res = await api(app)
        .post('/api/articles', author.token)
        .send({ article: { title: `Counted ${i}`, description: 'd', body: 'b', tagList: [tag, `other${i % 3}`] } })
        .expect(201);
      slug = res.body.article.slug;
      await api(app).post(`/api/articles/${slug}/favorite`, reader.token).expect(200);
      await api(app)
        .post(`/api/articles/${slug}/comments`, reader.token)
        .send({ comment: { body: `comment ${i}` } })
        .expect(201);
    }
    await api(app).post(`/api/profiles/${author.username}/follow`, reader.token).expect(200);
  });

  afterAll(async () => {
    await app.close();
  });

  const statementsFor = async (path: string, token?: string): Promise<number> => {
    const queries = await recordQueries(app, () => api(app).get(path, token).expect(200));
    return queries.length;
  };

  // A list is one statement: the filters' names looked up by unique index, the page of ids, its rows,
  // authors, flags and tags, and its total (a counter, or a COUNT over the driving index when two or
  // more filters combine). The feed: its followed authors (who choose the plan), then its page.
  const expected: Record<string, number> = {
    'all articles': 1,
    'by tag': 1,
    'by author': 1,
    'by favorited': 1,
    'by tag and author': 1,
    'by all three filters': 1,
    'the feed': 2,
    comments: 3,
  };

  const lists = () => [
    ['all articles', '/api/articles?'],
    ['by tag', `/api/articles?tag=${tag}&`],
    ['by author', `/api/articles?author=${author.username}&`],
    ['by favorited', `/api/articles?favorited=${reader.username}&`],
    ['by tag and author', `/api/articles?tag=${tag}&author=${author.username}&`],
    ['by all three filters', `/api/articles?tag=${tag}&author=${author.username}&favorited=${reader.username}&`],
    ['the feed', '/api/articles/feed?'],
    ['comments', `/api/articles/${slug}/comments?`],
  ];

  it.each([
    ['anonymous', false],
    ['signed in', true],
  ])('should issue as many statements for a page of 20 as for a page of 1 (%s)', async (_who, signedIn) => {
    for (const [name, prefix] of lists()) {
      if (name === 'the feed' && !signedIn) {
        continue;
      }
      const token = signedIn ? reader.token : undefined;

      const one = await statementsFor(`${prefix}limit=1`, token);
      const twenty = await statementsFor(`${prefix}limit=20`, token);

      expect({ name, statements: twenty }).toEqual({ name, statements: one });
      expect({ name, statements: one }).toEqual({ name, statements: expected[name] });
    }
  });

  it("should read a page by tag as: the page of ids by tag name, joined to rows, authors, flags and tags, with the tag's counter", async () => {
    const queries = await recordQueries(app, () =>
      api(app).get(`/api/articles?tag=${tag}&limit=20`, reader.token).expect(200),
    );

    expect(queries.map((query) => query.sql.replace(/[`"]/g, '').replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(
        /\(SELECT ct\.articles_count FROM tags ct WHERE ct\.name = \S+\) AS total FROM \(SELECT art\.article_id AS id, art\.article_created_at AS sort_time FROM tags ft INNER JOIN article_tags art ON art\.tag_id = ft\.id WHERE ft\.name = \S+ ORDER BY art\.article_created_at DESC, art\.article_id DESC LIMIT .*\) page INNER JOIN articles a ON a\.id = page\.id INNER JOIN users u/,
      ),
    ]);
  });

  const listed = async (path: string) => {
    let body: { articles: unknown[]; articlesCount: number } = { articles: [], articlesCount: -1 };
    const queries = await recordQueries(app, async () => {
      body = (await api(app).get(path, reader.token).expect(200)).body;
    });
    return { statements: queries.length, articles: body.articles.length, articlesCount: body.articlesCount };
  };

  it.each([
    ['by tag', () => `tag=${tag}`],
    ['by author', () => `author=${author.username}`],
    ['by favorited', () => `favorited=${reader.username}`],
    ['by tag and author', () => `tag=${tag}&author=${author.username}`],
    ['by all three filters', () => `tag=${tag}&author=${author.username}&favorited=${reader.username}`],
  ])('should bring the total %s with the page, and ask for it alone past the end', async (_name, filter) => {
    expect(await listed(`/api/articles?${filter()}&limit=1`)).toEqual({
      statements: 1,
      articles: 1,
      articlesCount: ARTICLES,
    });
    expect(await listed(`/api/articles?${filter()}&offset=${ARTICLES}`)).toEqual({
      statements: 2,
      articles: 0,
      articlesCount: ARTICLES,
    });
  });

  it.each([
    ['an unknown tag', () => 'tag=no-such-tag'],
    ['an unknown author', () => 'author=nobody-at-all'],
    ['an unknown tag with a known author', () => `tag=no-such-tag&author=${author.username}`],
  ])('should answer %s with an empty page and a total of 0', async (_name, filter) => {
    expect(await listed(`/api/articles?${filter()}`)).toEqual({ statements: 2, articles: 0, articlesCount: 0 });
  });

  it.each([
    ['an article', () => `/api/articles/${slug}`, 1],
    ['a profile', () => `/api/profiles/${author.username}`, 1],
    ['the tags', () => '/api/tags', 1],
  ])('should read %s in a fixed number of statements', async (_name, path, expected) => {
    expect(await statementsFor(path(), reader.token)).toBe(expected);
    expect(await statementsFor(path())).toBe(expected);
  });

  it('should write each statement once per shape: another page, filter value, article or profile reuses its SQL', async () => {
    const other = await registerUser(app);
    const reads = (page: number) => [
      `/api/articles?tag=${tag}&limit=${page + 1}&offset=${page}`,
      `/api/articles?author=${page % 2 ? author.username : other.username}&offset=${page}`,
      `/api/articles?tag=other${page}&favorited=${reader.username}&limit=${page + 2}`,
      `/api/articles/${slug}`,
      `/api/articles/feed?offset=${page}`,
      `/api/articles/${slug}/comments?offset=${page}`,
      `/api/profiles/${page % 2 ? author.username : other.username}`,
      '/api/tags',
    ];
    for (const path of reads(0)) {
      await api(app).get(path, reader.token).expect(200);
    }
    const built = jest.spyOn(SelectQueryBuilder.prototype, 'getQuery');
    try {
      for (const path of reads(1)) {
        await api(app).get(path, reader.token).expect(200);
      }
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
  });

  /** A write's statements, without the transaction's own (START TRANSACTION/BEGIN, COMMIT). */
  const writeStatements = async (write: () => Promise<unknown>): Promise<string[]> =>
    (await recordQueries(app, write))
      .map(({ sql }) => sql.replace(/\s+/g, ' ').trim())
      .filter((sql) => !/^(START TRANSACTION|BEGIN|COMMIT)\b/i.test(sql));

  /** `INSERT articles`, `UPDATE users`: a write's verb and table; a read is `SELECT`. */
  const verbAndTable = (sql: string): string => {
    const unquoted = sql.replace(/[`"]/g, '');
    const verb = unquoted.split(' ')[0].toUpperCase();
    return verb === 'SELECT' ? verb : `${verb} ${/^\w+(?: INTO)?\s+(\w+)/i.exec(unquoted)?.[1]}`;
  };

  it('should read a feed of many authors in two statements whatever the page: the authors, then the page', async () => {
    const feedReader = await registerUser(app);
    const authors: RegisteredUser[] = [];
    for (let i = 0; i < 30; i++) {
      const writer = await registerUser(app);
      await api(app)
        .post('/api/articles', writer.token)
        .send({ article: { title: `Followed ${i}`, description: 'd', body: 'b' } })
        .expect(201);
      await api(app).post(`/api/profiles/${writer.username}/follow`, feedReader.token).expect(200);
      authors.push(writer);
    }

    // Pages of up to 30 read the recent authors (one IN list, not a statement each), the page of 100 sorts.
    for (const page of ['limit=1', 'limit=20', 'limit=10&offset=20', 'limit=100']) {
      const queries = await recordQueries(app, async () => {
        const { body } = await api(app).get(`/api/articles/feed?${page}`, feedReader.token).expect(200);
        expect(body.articlesCount).toBe(authors.length);
      });
      expect({ page, statements: queries.length }).toEqual({ page, statements: 2 });
    }
  });

  it('should register a user in three statements: the two availability checks and one INSERT', async () => {
    const name = `w${unique()}`;
    const statements = await writeStatements(() =>
      api(app)
        .post('/api/users')
        .send({ user: { username: name, email: `${name}@example.com`, password: 'password123' } })
        .expect(201),
    );

    expect(statements.map(verbAndTable)).toEqual(['SELECT', 'SELECT', 'INSERT users']);
  });

  it('should write an article with tags in six statements, its tags linked by one INSERT … SELECT', async () => {
    const statements = await writeStatements(() =>
      api(app)
        .post('/api/articles', author.token)
        .send({ article: { title: 'Written', description: 'd', body: 'b', tagList: [tag, 'fresh', 'other1'] } })
        .expect(201),
    );

    // The author's counter, the article (not read back), the tags' upsert, their links, the site
    // counter, and the answer.
    expect(statements.map(verbAndTable)).toEqual([
      'UPDATE users',
      'INSERT articles',
      'INSERT tags',
      'INSERT article_tags',
      'UPDATE counters',
      'SELECT',
    ]);
  });

  it('should favorite an article in five statements (six on SQLite, which checks for a repeat first)', async () => {
    const { body } = await api(app)
      .post('/api/articles', author.token)
      .send({ article: { title: 'To favorite', description: 'd', body: 'b' } })
      .expect(201);

    const statements = await writeStatements(() =>
      api(app).post(`/api/articles/${body.article.slug}/favorite`, reader.token).expect(200),
    );

    expect(statements).toHaveLength(isMysqlTarget() ? 5 : 6);
  });
});
