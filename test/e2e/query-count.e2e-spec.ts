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

  // Name lookups (one per filter, by unique index; the site counter without filters), then the page:
  // ids, rows, authors, flags and tags in one statement; a total that no single counter holds (two or
  // more filters) costs one COUNT over the driving index. The feed: its totals, then its page.
  const expected: Record<string, number> = {
    'all articles': 2,
    'by tag': 2,
    'by author': 2,
    'by favorited': 2,
    'by tag and author': 4,
    'by all three filters': 5,
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

  it('should read a page by tag as: tag lookup, then the page of ids joined to rows, authors, flags and tags', async () => {
    const queries = await recordQueries(app, () =>
      api(app).get(`/api/articles?tag=${tag}&limit=20`, reader.token).expect(200),
    );

    expect(queries.map((query) => query.sql.replace(/[`"]/g, '').replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(/FROM tags/),
      expect.stringMatching(
        /FROM \(SELECT art\.article_id AS id, art\.article_created_at AS sort_time FROM article_tags art WHERE art\.tag_id = \S+ ORDER BY art\.article_created_at DESC, art\.article_id DESC LIMIT .*\) page INNER JOIN articles a ON a\.id = page\.id INNER JOIN users u/,
      ),
    ]);
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
