import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { api, ArticleBody, createArticle, errorShape, follow, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { recordQueries } from '../support/query-recorder';

type Slugged = { slug: string };

/** The statements' SQL without quotes, joined: to tell which plan read a page. */
const RECENT =
  /FROM articles fa (FORCE INDEX \(|INDEXED BY )IDX_articles_author_created\)?\s+WHERE fa\.author_id IN \(/;
const SCAN =
  /INNER JOIN articles s (FORCE INDEX \(|INDEXED BY )IDX_articles_created\)? ON s\.created_at >= win\.cutoff/;
const SORT = /SELECT fa\.id AS id, fa\.created_at AS sort_time\s+FROM follows fo\s+INNER JOIN articles fa/;

describe('Feed (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  /** The page's slugs and total, and the SQL of the statements that read it. */
  const read = async (reader: RegisteredUser, query = '') => {
    let body: { articles: Slugged[]; articlesCount: number } = { articles: [], articlesCount: -1 };
    const queries = await recordQueries(app, async () => {
      body = (await api(app).get(`/api/articles/feed${query}`, reader.token).expect(200)).body;
    });
    return {
      slugs: body.articles.map((article) => article.slug),
      count: body.articlesCount,
      sql: queries.map((query) => query.sql.replace(/[`"]/g, '')).join('\n'),
      statements: queries.length,
    };
  };

  /** Sets a user's newest article's time behind the application's back, as a bad restore or an old release could. */
  const setLastArticleAt = (user: RegisteredUser, value: string | null) =>
    dataSource.query('UPDATE users SET last_article_at = ? WHERE username_key = ?', [
      value,
      user.username.toLowerCase(),
    ]);

  it("should list followed authors' articles newest first, until unfollowed", async () => {
    const followed = await registerUser(app);
    const ignored = await registerUser(app);
    const reader = await registerUser(app);
    const older = await createArticle(app, followed);
    await createArticle(app, ignored);
    const newer = await createArticle(app, followed);
    await follow(app, reader, followed);

    const feed = await api(app).get('/api/articles/feed', reader.token).expect(200);
    const page = await api(app).get('/api/articles/feed?limit=1&offset=1', reader.token).expect(200);

    expect(feed.body.articles.map((a: Slugged) => a.slug)).toEqual([newer.slug, older.slug]);
    expect(feed.body.articlesCount).toBe(2);
    expect(feed.body.articles[0]).not.toHaveProperty('body');
    expect(feed.body.articles[0].author.following).toBe(true);
    expect(page.body).toEqual({ articles: [expect.objectContaining({ slug: older.slug })], articlesCount: 2 });

    await api(app).delete(`/api/profiles/${followed.username}/follow`, reader.token).expect(200);
    const after = await api(app).get('/api/articles/feed', reader.token).expect(200);
    expect(after.body).toEqual({ articles: [], articlesCount: 0 });
  });

  it('should give the same order whichever plan reads it (the recent authors for small pages, join and sort otherwise)', async () => {
    const prolific = await registerUser(app);
    const quiet = await registerUser(app);
    const reader = await registerUser(app);
    const quietOne = await createArticle(app, quiet);
    const prolificOnes: ArticleBody[] = [];
    for (let i = 0; i < 60; i++) {
      prolificOnes.push(await createArticle(app, prolific));
    }
    for (const author of [prolific, quiet]) {
      await follow(app, reader, author);
    }
    const expected = [...prolificOnes.reverse(), quietOne].map((article) => article.slug);

    // A page of 100 needs more articles than the two authors' newest: the 61 are joined and sorted.
    const whole = await read(reader, '?limit=100');
    // Pages of 1 and 2 need no more than their newest: the recent plan reads from there on.
    const recent = [await read(reader, '?limit=1'), await read(reader, '?limit=1&offset=1')];

    expect(whole).toEqual(expect.objectContaining({ slugs: expected, count: 61 }));
    expect(whole.sql).toMatch(SORT);
    expect(recent.flatMap((page) => page.slugs)).toEqual(expected.slice(0, 2));
    for (const page of recent) {
      expect(page).toEqual(expect.objectContaining({ count: 61, statements: 2 }));
      expect(page.sql).toMatch(RECENT);
    }
    expect(await read(reader, '?limit=1&offset=61')).toEqual(expect.objectContaining({ slugs: [], count: 61 }));
  });

  it("should keep an author's newest article's time through writes: a new article, a deleted one", async () => {
    const [author, other, reader] = [await registerUser(app), await registerUser(app), await registerUser(app)];
    const first = await createArticle(app, author);
    const second = await createArticle(app, author);
    const others = await createArticle(app, other);
    await follow(app, reader, author);
    await follow(app, reader, other);

    await api(app).delete(`/api/articles/${second.slug}`, author.token).expect(204);
    const afterDelete = await read(reader, '?limit=2');
    const third = await createArticle(app, author);
    const afterCreate = await read(reader, '?limit=2');

    // Each read by the recent plan alone: its window held the page, no fallback to the sort.
    expect(afterDelete).toEqual(expect.objectContaining({ slugs: [others.slug, first.slug], statements: 2 }));
    expect(afterCreate).toEqual(expect.objectContaining({ slugs: [third.slug, others.slug], statements: 2 }));
    expect(afterCreate.sql).toMatch(RECENT);
  });

  it("should fall back to join and sort when the recent authors' articles cannot fill the page", async () => {
    const [author, other, reader] = [await registerUser(app), await registerUser(app), await registerUser(app)];
    const older = await createArticle(app, author);
    const newer = await createArticle(app, other);
    await follow(app, reader, author);
    await follow(app, reader, other);
    // A time later than the author's newest article: the recent plan reads the author from there, finds nothing.
    await setLastArticleAt(author, '2099-01-01 00:00:00.000');

    const page = await read(reader, '?limit=1');

    expect(page).toEqual(expect.objectContaining({ slugs: [newer.slug], count: 2, statements: 3 }));
    expect(page.sql).toMatch(RECENT);
    expect(page.sql).toMatch(SORT);
    expect((await read(reader, '?limit=1&offset=1')).slugs).toEqual([older.slug]);
  });

  it("should not use the recent plan while a followed author's newest article's time is unknown", async () => {
    const [author, other, reader] = [await registerUser(app), await registerUser(app), await registerUser(app)];
    await createArticle(app, author);
    const newest = await createArticle(app, other);
    await follow(app, reader, author);
    await follow(app, reader, other);
    await setLastArticleAt(author, null);

    const page = await read(reader, '?limit=1');

    expect(page).toEqual(expect.objectContaining({ slugs: [newest.slug], count: 2 }));
    expect(page.sql).not.toMatch(RECENT);
    expect(page.sql).toMatch(new RegExp(`${SCAN.source}|${SORT.source}`));
  });

  it('should answer 401 without a token and 422 for a bad limit', async () => {
    const reader = await registerUser(app);

    const anonymous = await api(app).get('/api/articles/feed').expect(401);
    const res = await api(app).get('/api/articles/feed?limit=500', reader.token).expect(422);
    expect(anonymous.body).toEqual(errorShape({ token: 'is missing' }));
    expect(res.body).toEqual(errorShape({ limit: 'must not be greater than 100' }));
  });
});
