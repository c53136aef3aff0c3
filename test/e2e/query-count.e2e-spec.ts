import { NestExpressApplication } from '@nestjs/platform-express';
import { api, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { unique } from '../support/factories';
import { recordQueries } from '../support/query-recorder';

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
        .expect(200);
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
  // more filters combine). The feed: its totals (which choose the plan), then its page.
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
});
