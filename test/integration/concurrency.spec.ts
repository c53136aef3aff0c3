import { NestExpressApplication } from '@nestjs/platform-express';
import { api, createArticle, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { anArticle, unique } from '../support/factories';

const PARALLEL = 15;

/**
 * Parallel requests leave the data right and never answer 5xx. On MySQL/MariaDB these run truly at
 * once over the connection pool (row locks and deadlock retries are exercised); on SQLite the
 * transactions queue.
 */
describe('Concurrency (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const write = async (author: RegisteredUser, overrides: Record<string, unknown> = {}) =>
    (await createArticle(app, author, overrides)).slug;

  const statuses = (responses: { status: number }[]) => responses.map((res) => res.status);

  it('should leave one favorite and favoritesCount 1 after 15 parallel favorites by one user', async () => {
    const author = await registerUser(app);
    const reader = await registerUser(app);
    const slug = await write(author);

    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => api(app).post(`/api/articles/${slug}/favorite`, reader.token)),
    );

    expect(statuses(responses)).toEqual(Array(PARALLEL).fill(200));
    const article = await api(app).get(`/api/articles/${slug}`, reader.token).expect(200);
    expect(article.body.article).toEqual(expect.objectContaining({ favorited: true, favoritesCount: 1 }));
    const favorited = await api(app).get(`/api/articles?favorited=${reader.username}`).expect(200);
    expect(favorited.body.articlesCount).toBe(1);
    expect(favorited.body.articles).toHaveLength(1);
  });

  it('should leave no favorite and favoritesCount 0 after 15 parallel unfavorites', async () => {
    const author = await registerUser(app);
    const reader = await registerUser(app);
    const slug = await write(author);
    await api(app).post(`/api/articles/${slug}/favorite`, reader.token).expect(200);

    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, () => api(app).delete(`/api/articles/${slug}/favorite`, reader.token)),
    );

    expect(statuses(responses)).toEqual(Array(PARALLEL).fill(200));
    const article = await api(app).get(`/api/articles/${slug}`, reader.token).expect(200);
    expect(article.body.article).toEqual(expect.objectContaining({ favorited: false, favoritesCount: 0 }));
    const favorited = await api(app).get(`/api/articles?favorited=${reader.username}`).expect(200);
    expect(favorited.body).toEqual({ articles: [], articlesCount: 0 });
  });

  it('should count every one of many users favoriting one article at once', async () => {
    const author = await registerUser(app);
    const slug = await write(author);
    const readers = await Promise.all(Array.from({ length: 10 }, () => registerUser(app)));

    const responses = await Promise.all(
      readers.flatMap((reader) => [
        api(app).post(`/api/articles/${slug}/favorite`, reader.token),
        api(app).post(`/api/articles/${slug}/favorite`, reader.token),
      ]),
    );

    expect(statuses(responses).every((status) => status === 200)).toBe(true);
    const article = await api(app).get(`/api/articles/${slug}`).expect(200);
    expect(article.body.article.favoritesCount).toBe(readers.length);
    for (const reader of readers) {
      const favorited = await api(app).get(`/api/articles?favorited=${reader.username}`).expect(200);
      expect(favorited.body.articlesCount).toBe(1);
    }
  });

  it('should keep counts exact when favorites and unfavorites interleave', async () => {
    const author = await registerUser(app);
    const reader = await registerUser(app);
    const slugs = await Promise.all(Array.from({ length: 4 }, () => write(author)));

    await Promise.all(
      slugs.flatMap((slug) =>
        Array.from({ length: 4 }, (_, i) =>
          i % 2 === 0
            ? api(app).post(`/api/articles/${slug}/favorite`, reader.token).expect(200)
            : api(app).delete(`/api/articles/${slug}/favorite`, reader.token).expect(200),
        ),
      ),
    );

    const articles = await Promise.all(slugs.map((slug) => api(app).get(`/api/articles/${slug}`, reader.token)));
    const favorites = articles.filter((res) => res.body.article.favorited);
    for (const res of articles) {
      expect(res.body.article.favoritesCount).toBe(res.body.article.favorited ? 1 : 0);
    }
    const list = await api(app).get(`/api/articles?favorited=${reader.username}`).expect(200);
    expect(list.body.articlesCount).toBe(favorites.length);
    expect(list.body.articles).toHaveLength(favorites.length);
  });

  it('should give different slugs to two articles with the same title created at once', async () => {
    const author = await registerUser(app);
    const other = await registerUser(app);
    const title = `Same title ${unique()}`;

    const responses = await Promise.all([
      api(app)
        .post('/api/articles', author.token)
        .send({ article: anArticle({ title }) }),
      api(app)
        .post('/api/articles', author.token)
        .send({ article: anArticle({ title }) }),
      api(app)
        .post('/api/articles', other.token)
        .send({ article: anArticle({ title }) }),
    ]);

    expect(statuses(responses)).toEqual([201, 201, 201]);
    const slugs = responses.map((res) => res.body.article.slug as string);
    expect(new Set(slugs).size).toBe(3);
    const byAuthor = await api(app).get(`/api/articles?author=${author.username}`).expect(200);
    expect(byAuthor.body.articlesCount).toBe(2);
  });

  it('should count every article and tag when one author creates many at once', async () => {
    const author = await registerUser(app);
    const tag = `c${unique()}`;

    const slugs = await Promise.all(Array.from({ length: 10 }, () => write(author, { tagList: [tag] })));

    expect(new Set(slugs).size).toBe(10);
    const byAuthor = await api(app).get(`/api/articles?author=${author.username}&limit=100`).expect(200);
    const byTag = await api(app).get(`/api/articles?tag=${tag}&limit=100`).expect(200);
    expect(byAuthor.body.articlesCount).toBe(10);
    expect(byTag.body.articlesCount).toBe(10);
    expect(byTag.body.articles).toHaveLength(10);
  });

  /** Each tag's counter (a `?tag=` total) against its rows (the page). */
  const expectTagCounts = async (expected: Record<string, number>) => {
    for (const [tag, count] of Object.entries(expected)) {
      const byTag = await api(app).get(`/api/articles?tag=${tag}&limit=100`).expect(200);
      expect({ tag, counter: byTag.body.articlesCount, rows: byTag.body.articles.length }).toEqual({
        tag,
        counter: count,
        rows: count,
      });
    }
  };

  it('should count every tag exactly when different authors create articles with common tags at once', async () => {
    const [a, b, c, d] = Array.from({ length: 4 }, () => `t${unique()}`);
    const authors = await Promise.all(Array.from({ length: 6 }, () => registerUser(app)));
    await write(authors[0], { tagList: [a, c] });
    const tagLists = [
      [a, b],
      [b, a],
      [d, c, b, a],
      [a.toUpperCase(), ` ${a} `, c],
      [c, d],
      [d, a],
    ];

    const responses = await Promise.all(
      authors.flatMap((author, i) =>
        [tagLists[i], [...tagLists[i]].reverse()].map((tagList) =>
          api(app)
            .post('/api/articles', author.token)
            .send({ article: anArticle({ tagList }) }),
        ),
      ),
    );

    expect(statuses(responses)).toEqual(Array(12).fill(201));
    await expectTagCounts({ [a]: 11, [b]: 6, [c]: 7, [d]: 6 });
  });

  it('should keep tag counters exact when articles swap tags and are created and deleted at once', async () => {
    const author = await registerUser(app);
    const [a, b, c] = Array.from({ length: 3 }, () => `s${unique()}`);
    const first = await write(author, { tagList: [a] });
    const second = await write(author, { tagList: [b] });
    const doomed = await write(author, { tagList: [a, b, c] });

    const responses = await Promise.all([
      api(app)
        .put(`/api/articles/${first}`, author.token)
        .send({ article: { tagList: [b, c] } }),
      api(app)
        .put(`/api/articles/${second}`, author.token)
        .send({ article: { tagList: [a, c] } }),
      api(app)
        .post('/api/articles', author.token)
        .send({ article: anArticle({ tagList: [c, b, a] }) }),
      api(app).delete(`/api/articles/${doomed}`, author.token),
    ]);

    expect(statuses(responses)).toEqual([200, 200, 201, 204]);
    await expectTagCounts({ [a]: 2, [b]: 2, [c]: 3 });
  });

  it('should leave one follow after 15 parallel follows, and none after parallel unfollows', async () => {
    const author = await registerUser(app);
    const reader = await registerUser(app);
    await write(author);

    const follows = await Promise.all(
      Array.from({ length: PARALLEL }, () => api(app).post(`/api/profiles/${author.username}/follow`, reader.token)),
    );

    expect(statuses(follows)).toEqual(Array(PARALLEL).fill(200));
    const feed = await api(app).get('/api/articles/feed', reader.token).expect(200);
    expect(feed.body.articlesCount).toBe(1);
    expect(feed.body.articles).toHaveLength(1);

    const unfollows = await Promise.all(
      Array.from({ length: PARALLEL }, () => api(app).delete(`/api/profiles/${author.username}/follow`, reader.token)),
    );

    expect(statuses(unfollows)).toEqual(Array(PARALLEL).fill(200));
    const after = await api(app).get('/api/articles/feed', reader.token).expect(200);
    expect(after.body).toEqual({ articles: [], articlesCount: 0 });
  });

  it('should keep counters exact when an article is deleted while it is being favorited', async () => {
    const author = await registerUser(app);
    const readers = await Promise.all(Array.from({ length: 6 }, () => registerUser(app)));
    const slug = await write(author);

    const responses = await Promise.all([
      ...readers.map((reader) => api(app).post(`/api/articles/${slug}/favorite`, reader.token)),
      api(app).delete(`/api/articles/${slug}`, author.token),
    ]);

    expect(statuses(responses).every((status) => [200, 204, 404].includes(status))).toBe(true);
    for (const reader of readers) {
      const list = await api(app).get(`/api/articles?favorited=${reader.username}`).expect(200);
      expect(list.body).toEqual({ articles: [], articlesCount: 0 });
    }
    const byAuthor = await api(app).get(`/api/articles?author=${author.username}`).expect(200);
    expect(byAuthor.body).toEqual({ articles: [], articlesCount: 0 });
  });

  it('should keep counters exact when readers favorite again and unfavorite while the article is deleted', async () => {
    const author = await registerUser(app);
    const readers = await Promise.all(Array.from({ length: 6 }, () => registerUser(app)));
    const slug = await write(author);
    const kept = await write(author);
    for (const reader of readers) {
      await api(app).post(`/api/articles/${slug}/favorite`, reader.token).expect(200);
      await api(app).post(`/api/articles/${kept}/favorite`, reader.token).expect(200);
    }

    const responses = await Promise.all([
      ...readers.map((reader, i) =>
        i % 2 === 0
          ? api(app).post(`/api/articles/${slug}/favorite`, reader.token)
          : api(app).delete(`/api/articles/${slug}/favorite`, reader.token),
      ),
      api(app).delete(`/api/articles/${slug}`, author.token),
    ]);

    expect(statuses(responses).every((status) => [200, 204, 404].includes(status))).toBe(true);
    for (const reader of readers) {
      const list = await api(app).get(`/api/articles?favorited=${reader.username}`).expect(200);
      expect(list.body.articlesCount).toBe(1);
      expect(list.body.articles.map((article: { slug: string }) => article.slug)).toEqual([kept]);
    }
    const article = await api(app).get(`/api/articles/${kept}`).expect(200);
    expect(article.body.article.favoritesCount).toBe(readers.length);
  });
});
