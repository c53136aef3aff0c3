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

  // Name lookups (one per filter, by unique index), then ids, rows and tags; a total that no single
  // counter holds (two or more filters) costs one COUNT over the driving index.
  const expected: Record<string, number> = {
    'all articles': 4,
    'by tag': 4,
    'by author': 4,
    'by favorited': 4,
    'by tag and author': 6,
    'by all three filters': 7,
    'the feed': 4,
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

  it('should read a page by tag as: tag lookup, ids, rows with authors and flags, tags', async () => {
    const queries = await recordQueries(app, () =>
      api(app).get(`/api/articles?tag=${tag}&limit=20`, reader.token).expect(200),
    );

    expect(queries.map((query) => query.sql.replace(/[`"]/g, '').replace(/\s+/g, ' '))).toEqual([
      expect.stringMatching(/FROM tags/),
      expect.stringMatching(/FROM article_tags art WHERE art\.tag_id = \S+ ORDER BY art\.article_created_at DESC/),
      expect.stringMatching(/FROM articles a INNER JOIN users u .* WHERE a\.id IN \(/),
      expect.stringMatching(/FROM article_tags art INNER JOIN tags t/),
    ]);
  });

  it.each([
    ['an article', () => `/api/articles/${slug}`, 2],
    ['a profile', () => `/api/profiles/${author.username}`, 1],
    ['the tags', () => '/api/tags', 1],
  ])('should read %s in a fixed number of statements', async (_name, path, expected) => {
    expect(await statementsFor(path(), reader.token)).toBe(expected);
    expect(await statementsFor(path())).toBe(expected);
  });
});
