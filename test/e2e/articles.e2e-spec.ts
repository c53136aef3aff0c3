import { NestExpressApplication } from '@nestjs/platform-express';
import { api, createArticle, errorShape, follow, registerUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { anArticle, unique } from '../support/factories';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const SLUG_SUFFIX = '[a-z0-9]{6}';

describe('Articles (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('POST /api/articles', () => {
    it('should answer 201 with the whole article, tags sorted and deduplicated', async () => {
      const author = await registerUser(app);

      const res = await api(app)
        .post('/api/articles', author.token)
        .send({
          article: {
            title: 'How to Train Your Dragon!',
            description: 'Ever wonder how?',
            body: 'It takes a Jacobian 🐉',
            tagList: ['Training', ' dragons ', 'training'],
          },
        })
        .expect(201);

      expect(res.body).toEqual({
        article: {
          slug: expect.stringMatching(new RegExp(`^how-to-train-your-dragon-${SLUG_SUFFIX}$`)),
          title: 'How to Train Your Dragon!',
          description: 'Ever wonder how?',
          body: 'It takes a Jacobian 🐉',
          tagList: ['dragons', 'training'],
          createdAt: expect.stringMatching(ISO_MS),
          updatedAt: expect.stringMatching(ISO_MS),
          favorited: false,
          favoritesCount: 0,
          author: { username: author.username, bio: null, image: null, following: false },
        },
      });
    });

    it('should ignore fields the server owns', async () => {
      const author = await registerUser(app);

      const res = await api(app)
        .post('/api/articles', author.token)
        .send({
          article: anArticle({
            slug: 'chosen-slug',
            favoritesCount: 99,
            favorited: true,
            createdAt: '2000-01-01T00:00:00.000Z',
            author: { username: 'someone-else' },
            id: 1,
          }),
        })
        .expect(201);

      expect(res.body.article).toEqual(
        expect.objectContaining({
          favoritesCount: 0,
          favorited: false,
          author: expect.objectContaining({ username: author.username }),
        }),
      );
      expect(res.body.article.slug).not.toBe('chosen-slug');
      expect(res.body.article.createdAt).not.toBe('2000-01-01T00:00:00.000Z');
    });

    it('should give an empty tagList when none is sent, and different slugs to one title', async () => {
      const author = await registerUser(app);

      const first = await createArticle(app, author, { title: 'Same title' });
      const second = await createArticle(app, author, { title: 'Same title' });

      expect(first.slug).not.toBe(second.slug);
      const res = await api(app).get(`/api/articles/${first.slug}`).expect(200);
      expect(res.body.article.tagList).toEqual([]);
    });

    const BLANK = "can't be blank";
    const NOT_AN_OBJECT = 'must be an object';
    const TAG_RULE = 'must hold strings of 1 to 40 characters';

    it.each<[string, unknown, Record<string, string>]>([
      ['no envelope', { title: 't', description: 'd', body: 'b' }, { article: BLANK }],
      ['a null envelope', { article: null }, { article: BLANK }],
      ['a string envelope', { article: 'How to train your dragon' }, { article: NOT_AN_OBJECT }],
      ['an array envelope', { article: [anArticle()] }, { article: NOT_AN_OBJECT }],
      [
        'an empty envelope',
        { article: {} },
        { title: "can't be blank", description: "can't be blank", body: "can't be blank" },
      ],
      ['a missing title', { article: { description: 'd', body: 'b' } }, { title: BLANK }],
      ['a null title', { article: anArticle({ title: null }) }, { title: BLANK }],
      ['a numeric body', { article: anArticle({ body: 42 }) }, { body: 'must be a string' }],
      ['an empty title', { article: { title: '   ', description: 'd', body: 'b' } }, { title: BLANK }],
      ['a missing description', { article: { title: 't', body: 'b' } }, { description: BLANK }],
      ['a missing body', { article: { title: 't', description: 'd' } }, { body: BLANK }],
      [
        'a title over 200 characters',
        { article: anArticle({ title: 'x'.repeat(201) }) },
        { title: 'must be shorter than or equal to 200 characters' },
      ],
      [
        'a body over 16000 characters',
        { article: anArticle({ body: 'x'.repeat(16001) }) },
        { body: 'must be shorter than or equal to 16000 characters' },
      ],
      [
        'a tagList that is not an array',
        { article: anArticle({ tagList: 'dragons' }) },
        { tagList: 'must be an array of strings' },
      ],
      ['a null tagList', { article: anArticle({ tagList: null }) }, { tagList: 'must be an array of strings' }],
      ['a tag that is not a string', { article: anArticle({ tagList: ['ok', 42] }) }, { tagList: TAG_RULE }],
      ['an empty tag', { article: anArticle({ tagList: [' '] }) }, { tagList: TAG_RULE }],
      ['a tag over 40 characters', { article: anArticle({ tagList: ['x'.repeat(41)] }) }, { tagList: TAG_RULE }],
      [
        'more than 10 tags',
        { article: anArticle({ tagList: Array.from({ length: 11 }, (_, i) => `t${i}`) }) },
        { tagList: 'must contain no more than 10 elements' },
      ],
    ])('should answer 422 keyed by the field for %s', async (_case, body, errors) => {
      const author = await registerUser(app);

      const res = await api(app)
        .post('/api/articles', author.token)
        .send(body as object)
        .expect(422);

      expect(res.body).toEqual(errorShape(errors));
      const mine = await api(app).get(`/api/articles?author=${author.username}`).expect(200);
      expect(mine.body.articlesCount).toBe(0);
    });

    it('should answer 401 without a token', async () => {
      const res = await api(app).post('/api/articles').send({ article: anArticle() }).expect(401);

      expect(res.body).toEqual(errorShape({ token: 'is missing' }));
    });
  });

  describe('GET /api/articles/:slug', () => {
    it('should show favorited and following for the viewer', async () => {
      const author = await registerUser(app);
      const reader = await registerUser(app);
      const article = await createArticle(app, author);
      await api(app).post(`/api/articles/${article.slug}/favorite`, reader.token).expect(200);
      await follow(app, reader, author);

      const asReader = await api(app).get(`/api/articles/${article.slug}`, reader.token).expect(200);
      const anonymous = await api(app).get(`/api/articles/${article.slug}`).expect(200);

      expect(asReader.body.article).toEqual(
        expect.objectContaining({
          favorited: true,
          favoritesCount: 1,
          author: expect.objectContaining({ following: true }),
        }),
      );
      expect(anonymous.body.article).toEqual(
        expect.objectContaining({
          favorited: false,
          favoritesCount: 1,
          author: expect.objectContaining({ following: false }),
        }),
      );
    });

    it('should answer 404 for an unknown slug and 401 for an invalid token', async () => {
      const res = await api(app).get(`/api/articles/no-such-article-${unique()}`).expect(404);
      const article = await createArticle(app, await registerUser(app));

      expect(res.body).toEqual(errorShape({ article: 'not found' }));
      const invalid = await api(app).get(`/api/articles/${article.slug}`, 'not-a-jwt').expect(401);
      expect(invalid.body).toEqual(errorShape({ token: 'is invalid' }));
    });
  });

  describe('GET /api/articles', () => {
    it('should list newest first without bodies, with the total of matches', async () => {
      const author = await registerUser(app);
      const slugs = [];
      for (let i = 0; i < 5; i++) {
        slugs.push((await createArticle(app, author)).slug);
      }

      const pages = await Promise.all(
        [0, 2, 4].map((offset) => api(app).get(`/api/articles?author=${author.username}&limit=2&offset=${offset}`)),
      );

      const newestFirst = [...slugs].reverse();
      expect(pages.map((page) => page.body.articles.map((a: { slug: string }) => a.slug))).toEqual([
        newestFirst.slice(0, 2),
        newestFirst.slice(2, 4),
        newestFirst.slice(4),
      ]);
      expect(pages.map((page) => page.body.articlesCount)).toEqual([5, 5, 5]);
      for (const article of pages[0].body.articles) {
        expect(article).not.toHaveProperty('body');
        expect(Object.keys(article).sort()).toEqual([
          'author',
          'createdAt',
          'description',
          'favorited',
          'favoritesCount',
          'slug',
          'tagList',
          'title',
          'updatedAt',
        ]);
      }
    });

    it('should combine the tag, author and favorited filters', async () => {
      const author = await registerUser(app);
      const other = await registerUser(app);
      const fan = await registerUser(app);
      const tag = `t${unique()}`;
      const both = await createArticle(app, author, { tagList: [tag] });
      await createArticle(app, author, { tagList: ['unrelated'] });
      const othersTagged = await createArticle(app, other, { tagList: [tag] });
      for (const slug of [both.slug, othersTagged.slug]) {
        await api(app).post(`/api/articles/${slug}/favorite`, fan.token).expect(200);
      }

      const byTag = await api(app).get(`/api/articles?tag=${tag}`).expect(200);
      const byTagAndAuthor = await api(app).get(`/api/articles?tag=${tag}&author=${author.username}`).expect(200);
      const byAll = await api(app)
        .get(`/api/articles?tag=${tag.toUpperCase()}&author=${author.username}&favorited=${fan.username}`)
        .expect(200);
      const byFavorited = await api(app).get(`/api/articles?favorited=${fan.username}`).expect(200);

      expect(byTag.body.articlesCount).toBe(2);
      expect(byTagAndAuthor.body).toEqual({
        articles: [expect.objectContaining({ slug: both.slug })],
        articlesCount: 1,
      });
      expect(byAll.body).toEqual({ articles: [expect.objectContaining({ slug: both.slug })], articlesCount: 1 });
      expect(byFavorited.body.articles.map((a: { slug: string }) => a.slug)).toEqual([othersTagged.slug, both.slug]);
    });

    it('should keep tags apart that differ only by an accent or an emoji', async () => {
      const author = await registerUser(app);
      const id = unique();
      const plain = await createArticle(app, author, { tagList: [`cafe-${id}`, `pet-${id}-🐉`] });
      const accented = await createArticle(app, author, { tagList: [`café-${id}`, `pet-${id}-🦄`] });

      const byAccent = await api(app)
        .get(`/api/articles?tag=${encodeURIComponent(`café-${id}`)}`)
        .expect(200);
      const byEmoji = await api(app)
        .get(`/api/articles?tag=${encodeURIComponent(`pet-${id}-🦄`)}`)
        .expect(200);
      const read = await api(app).get(`/api/articles/${accented.slug}`).expect(200);

      expect(read.body.article.tagList).toEqual([`café-${id}`, `pet-${id}-🦄`]);
      expect(byAccent.body).toEqual({ articles: [expect.objectContaining({ slug: accented.slug })], articlesCount: 1 });
      expect(byEmoji.body).toEqual({ articles: [expect.objectContaining({ slug: accented.slug })], articlesCount: 1 });
      expect(plain.slug).not.toBe(accented.slug);
    });

    it('should find slugs exactly, as written', async () => {
      const article = await createArticle(app, await registerUser(app));

      await api(app).get(`/api/articles/${article.slug.toUpperCase()}`).expect(404);
    });

    it('should match a whole tag only', async () => {
      const author = await registerUser(app);
      const tag = `dragons${unique()}`;
      await createArticle(app, author, { tagList: [tag] });

      const partial = await api(app)
        .get(`/api/articles?tag=${tag.slice(0, -2)}`)
        .expect(200);

      expect(partial.body).toEqual({ articles: [], articlesCount: 0 });
    });

    it.each([
      ['an unknown author', () => `author=nobody_${unique()}`],
      ['an unknown tag', () => `tag=none_${unique()}`],
      ['an unknown favoriting user', () => `favorited=nobody_${unique()}`],
      ['a username too long to exist', () => `author=${'x'.repeat(60)}`],
    ])('should answer 200 with an empty list for %s', async (_case, query) => {
      const res = await api(app).get(`/api/articles?${query()}`).expect(200);

      expect(res.body).toEqual({ articles: [], articlesCount: 0 });
    });

    it.each([
      ['limit=0', { limit: 'must not be less than 1' }],
      ['limit=101', { limit: 'must not be greater than 100' }],
      ['limit=-1', { limit: 'must not be less than 1' }],
      ['limit=abc', { limit: 'must be an integer number' }],
      ['limit=1.5', { limit: 'must be an integer number' }],
      ['offset=-1', { offset: 'must not be less than 0' }],
      ['offset=x', { offset: 'must be an integer number' }],
      ['limit=1&limit=2', { limit: 'must be an integer number' }],
      ['tag=a&tag=b', { tag: 'must be a string' }],
    ])('should answer 422 keyed by the parameter for %s', async (query, errors) => {
      const res = await api(app).get(`/api/articles?${query}`).expect(422);

      expect(res.body).toEqual(errorShape(errors));
    });

    it('should answer integer counts', async () => {
      const res = await api(app).get('/api/articles?limit=1').expect(200);

      expect(Number.isInteger(res.body.articlesCount)).toBe(true);
    });
  });

  describe('PUT /api/articles/:slug', () => {
    it('should change the given fields; a new title makes a new slug and the old one 404s', async () => {
      const author = await registerUser(app);
      const article = await createArticle(app, author, { tagList: ['keep'] });

      const res = await api(app)
        .put(`/api/articles/${article.slug}`, author.token)
        .send({ article: { title: 'A brand new title', body: 'Rewritten' } })
        .expect(200);

      expect(res.body.article).toEqual(
        expect.objectContaining({
          slug: expect.stringMatching(new RegExp(`^a-brand-new-title-${SLUG_SUFFIX}$`)),
          title: 'A brand new title',
          body: 'Rewritten',
          description: 'Ever wonder how?',
          tagList: ['keep'],
          createdAt: article.createdAt,
        }),
      );
      expect(res.body.article.updatedAt >= article.updatedAt).toBe(true);
      await api(app).get(`/api/articles/${article.slug}`).expect(404);
      await api(app).get(`/api/articles/${res.body.article.slug}`).expect(200);
    });

    it('should keep the slug when the unchanged title is sent again', async () => {
      const author = await registerUser(app);
      const article = await createArticle(app, author);

      const res = await api(app)
        .put(`/api/articles/${article.slug}`, author.token)
        .send({ article: { title: article.title, description: 'Edited' } })
        .expect(200);

      expect(res.body.article).toEqual(expect.objectContaining({ slug: article.slug, description: 'Edited' }));
    });

    it('should replace the tags when a tagList is sent', async () => {
      const author = await registerUser(app);
      const old = `old${unique()}`;
      const fresh = `new${unique()}`;
      const article = await createArticle(app, author, { tagList: [old, 'shared'] });

      const res = await api(app)
        .put(`/api/articles/${article.slug}`, author.token)
        .send({ article: { tagList: [fresh, 'shared'] } })
        .expect(200);

      expect(res.body.article.tagList).toEqual([fresh, 'shared'].sort());
      const byOld = await api(app).get(`/api/articles?tag=${old}`).expect(200);
      const byFresh = await api(app).get(`/api/articles?tag=${fresh}`).expect(200);
      expect(byOld.body.articlesCount).toBe(0);
      expect(byFresh.body.articlesCount).toBe(1);
    });

    it("should answer 403 for another user's article and change nothing", async () => {
      const author = await registerUser(app);
      const intruder = await registerUser(app);
      const article = await createArticle(app, author);

      const res = await api(app)
        .put(`/api/articles/${article.slug}`, intruder.token)
        .send({ article: { title: 'Hijacked', body: 'mine' } })
        .expect(403);

      expect(res.body).toEqual(errorShape({ article: 'forbidden' }));
      const unchanged = await api(app).get(`/api/articles/${article.slug}`).expect(200);
      expect(unchanged.body.article).toEqual(
        expect.objectContaining({ title: article.title, body: 'You have to believe' }),
      );
    });

    it.each([
      ['a null title', { title: null }, { title: "can't be blank" }],
      ['a null description', { description: null }, { description: "can't be blank" }],
      ['a null body', { body: null }, { body: "can't be blank" }],
      ['a null tagList', { tagList: null }, { tagList: 'must be an array of strings' }],
      [
        'only fields the server owns',
        { slug: 'hijacked', favoritesCount: 42 },
        { article: 'must contain at least one field to update' },
      ],
    ])('should answer 422 for %s and change nothing', async (_case, changes, errors) => {
      const author = await registerUser(app);
      const article = await createArticle(app, author, { tagList: ['kept'] });

      const res = await api(app)
        .put(`/api/articles/${article.slug}`, author.token)
        .send({ article: changes })
        .expect(422);

      expect(res.body).toEqual(errorShape(errors));
      const unchanged = await api(app).get(`/api/articles/${article.slug}`).expect(200);
      expect(unchanged.body.article).toEqual(
        expect.objectContaining({
          title: article.title,
          body: 'You have to believe',
          tagList: ['kept'],
          updatedAt: article.updatedAt,
        }),
      );
    });

    it('should answer 404 for an unknown slug, 422 for no field, 401 without a token', async () => {
      const author = await registerUser(app);
      const article = await createArticle(app, author);

      const unknown = await api(app)
        .put(`/api/articles/nothing-${unique()}`, author.token)
        .send({ article: { body: 'x' } })
        .expect(404);
      const empty = await api(app).put(`/api/articles/${article.slug}`, author.token).send({ article: {} }).expect(422);
      const noEnvelope = await api(app).put(`/api/articles/${article.slug}`, author.token).send({}).expect(422);
      const anonymous = await api(app)
        .put(`/api/articles/${article.slug}`)
        .send({ article: { body: 'x' } })
        .expect(401);

      expect(unknown.body).toEqual(errorShape({ article: 'not found' }));
      expect(empty.body).toEqual(errorShape({ article: 'must contain at least one field to update' }));
      expect(noEnvelope.body).toEqual(errorShape({ article: "can't be blank" }));
      expect(anonymous.body).toEqual(errorShape({ token: 'is missing' }));
    });
  });

  describe('DELETE /api/articles/:slug', () => {
    it('should delete with 204 and an empty body, and take the article out of every list', async () => {
      const author = await registerUser(app);
      const fan = await registerUser(app);
      const tag = `d${unique()}`;
      const article = await createArticle(app, author, { tagList: [tag] });
      await api(app).post(`/api/articles/${article.slug}/favorite`, fan.token).expect(200);

      const res = await api(app).delete(`/api/articles/${article.slug}`, author.token).expect(204);

      expect(res.text).toBe('');
      await api(app).get(`/api/articles/${article.slug}`).expect(404);
      for (const query of [`tag=${tag}`, `author=${author.username}`, `favorited=${fan.username}`]) {
        const list = await api(app).get(`/api/articles?${query}`).expect(200);
        expect({ query, body: list.body }).toEqual({ query, body: { articles: [], articlesCount: 0 } });
      }
      const tags = await api(app).get('/api/tags').expect(200);
      expect(tags.body.tags).not.toContain(tag);
    });

    it("should answer 403 for another user's article and keep it", async () => {
      const author = await registerUser(app);
      const intruder = await registerUser(app);
      const article = await createArticle(app, author);

      const res = await api(app).delete(`/api/articles/${article.slug}`, intruder.token).expect(403);

      expect(res.body).toEqual(errorShape({ article: 'forbidden' }));
      await api(app).get(`/api/articles/${article.slug}`).expect(200);
    });

    it('should answer 404 for an unknown slug and 401 without a token', async () => {
      const author = await registerUser(app);
      const article = await createArticle(app, author);

      const unknown = await api(app).delete(`/api/articles/nothing-${unique()}`, author.token).expect(404);
      const anonymous = await api(app).delete(`/api/articles/${article.slug}`).expect(401);

      expect(unknown.body).toEqual(errorShape({ article: 'not found' }));
      expect(anonymous.body).toEqual(errorShape({ token: 'is missing' }));
    });
  });

  describe('POST and DELETE /api/articles/:slug/favorite', () => {
    it('should favorite and unfavorite idempotently with integer counts', async () => {
      const author = await registerUser(app);
      const fan = await registerUser(app);
      const article = await createArticle(app, author);

      const first = await api(app).post(`/api/articles/${article.slug}/favorite`, fan.token).expect(200);
      const second = await api(app).post(`/api/articles/${article.slug}/favorite`, fan.token).expect(200);
      const removed = await api(app).delete(`/api/articles/${article.slug}/favorite`, fan.token).expect(200);
      const again = await api(app).delete(`/api/articles/${article.slug}/favorite`, fan.token).expect(200);

      expect(first.body.article).toEqual(
        expect.objectContaining({ slug: article.slug, favorited: true, favoritesCount: 1 }),
      );
      expect(second.body.article).toEqual(expect.objectContaining({ favorited: true, favoritesCount: 1 }));
      expect(removed.body.article).toEqual(expect.objectContaining({ favorited: false, favoritesCount: 0 }));
      expect(again.body.article).toEqual(expect.objectContaining({ favorited: false, favoritesCount: 0 }));
      expect(typeof first.body.article.favoritesCount).toBe('number');
    });

    it('should answer 404 for an unknown slug and 401 without a token', async () => {
      const fan = await registerUser(app);
      const article = await createArticle(app, await registerUser(app));

      const missing = await api(app).post(`/api/articles/nothing-${unique()}/favorite`, fan.token).expect(404);
      const missingToo = await api(app).delete(`/api/articles/nothing-${unique()}/favorite`, fan.token).expect(404);
      const anonymous = await api(app).post(`/api/articles/${article.slug}/favorite`).expect(401);
      await api(app).delete(`/api/articles/${article.slug}/favorite`).expect(401);

      expect(missing.body).toEqual(errorShape({ article: 'not found' }));
      expect(missingToo.body).toEqual(errorShape({ article: 'not found' }));
      expect(anonymous.body).toEqual(errorShape({ token: 'is missing' }));
    });
  });
});
