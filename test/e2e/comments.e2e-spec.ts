import { NestExpressApplication } from '@nestjs/platform-express';
import { ArticlesService } from '../../src/articles/articles.service';
import { api, createArticle, createComment, errorShape, follow, registerUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { unique } from '../support/factories';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('Comments (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('POST /api/articles/:slug/comments', () => {
    it('should answer 201 with the comment, its integer id and its author', async () => {
      const author = await registerUser(app);
      const reader = await registerUser(app);
      const { slug } = await createArticle(app, author);

      const res = await api(app)
        .post(`/api/articles/${slug}/comments`, reader.token)
        .send({ comment: { body: '  It takes a Jacobian 🐉  ', id: 7, author: { username: 'x' } } })
        .expect(201);

      expect(res.body).toEqual({
        comment: {
          id: expect.any(Number),
          createdAt: expect.stringMatching(ISO_MS),
          updatedAt: expect.stringMatching(ISO_MS),
          body: 'It takes a Jacobian 🐉',
          author: { username: reader.username, bio: null, image: null, following: false },
        },
      });
      expect(Number.isInteger(res.body.comment.id)).toBe(true);
    });

    it.each<[string, unknown, Record<string, string>]>([
      ['no envelope', { body: 'x' }, { comment: "can't be blank" }],
      ['a null envelope', { comment: null }, { comment: "can't be blank" }],
      ['a string envelope', { comment: 'x' }, { comment: 'must be an object' }],
      ['a missing body', { comment: {} }, { body: "can't be blank" }],
      ['a null body', { comment: { body: null } }, { body: "can't be blank" }],
      ['an empty body', { comment: { body: '   ' } }, { body: "can't be blank" }],
      ['a body that is not a string', { comment: { body: 42 } }, { body: 'must be a string' }],
      [
        'a body over 5000 characters',
        { comment: { body: 'x'.repeat(5001) } },
        { body: 'must be shorter than or equal to 5000 characters' },
      ],
    ])('should answer 422 keyed by the field for %s', async (_case, body, errors) => {
      const author = await registerUser(app);
      const { slug } = await createArticle(app, author);

      const res = await api(app)
        .post(`/api/articles/${slug}/comments`, author.token)
        .send(body as object)
        .expect(422);

      expect(res.body).toEqual(errorShape(errors));
      const list = await api(app).get(`/api/articles/${slug}/comments`).expect(200);
      expect(list.body.comments).toEqual([]);
    });

    it('should answer 404 for an unknown article and 401 without a token', async () => {
      const user = await registerUser(app);
      const { slug } = await createArticle(app, user);

      const missing = await api(app)
        .post(`/api/articles/nothing-${unique()}/comments`, user.token)
        .send({ comment: { body: 'x' } })
        .expect(404);
      const anonymous = await api(app)
        .post(`/api/articles/${slug}/comments`)
        .send({ comment: { body: 'x' } })
        .expect(401);

      expect(missing.body).toEqual(errorShape({ article: 'not found' }));
      expect(anonymous.body).toEqual(errorShape({ token: 'is missing' }));
    });

    it('should answer 404 on the article when it is deleted while the comment is written', async () => {
      const author = await registerUser(app);
      const reader = await registerUser(app);
      const { slug } = await createArticle(app, author);
      const articles = app.get(ArticlesService);
      const findOrFail = articles.findOrFail.bind(articles);
      jest.spyOn(articles, 'findOrFail').mockImplementationOnce(async (wanted) => {
        const found = await findOrFail(wanted);
        await api(app).delete(`/api/articles/${slug}`, author.token).expect(204);
        return found;
      });

      const res = await api(app)
        .post(`/api/articles/${slug}/comments`, reader.token)
        .send({ comment: { body: 'too late' } })
        .expect(404);

      expect(res.body).toEqual(errorShape({ article: 'not found' }));
    });
  });

  describe('GET /api/articles/:slug/comments', () => {
    it('should list newest first, with following for the viewer, and page with limit and offset', async () => {
      const author = await registerUser(app);
      const commenter = await registerUser(app);
      const viewer = await registerUser(app);
      const { slug } = await createArticle(app, author);
      const written = [];
      for (let i = 0; i < 4; i++) {
        written.push(await createComment(app, slug, commenter, { body: `comment ${i}` }));
      }
      await follow(app, viewer, commenter);

      const all = await api(app).get(`/api/articles/${slug}/comments`, viewer.token).expect(200);
      const page = await api(app).get(`/api/articles/${slug}/comments?limit=2&offset=1`).expect(200);

      expect(all.body.comments.map((c: { body: string }) => c.body)).toEqual([
        'comment 3',
        'comment 2',
        'comment 1',
        'comment 0',
      ]);
      expect(all.body.comments[0].author).toEqual({
        username: commenter.username,
        bio: null,
        image: null,
        following: true,
      });
      expect(page.body).toEqual({
        comments: [expect.objectContaining({ id: written[2].id }), expect.objectContaining({ id: written[1].id })],
      });
      expect(page.body.comments[0].author.following).toBe(false);
    });

    it('should return 100 comments by default, the rest with offset', async () => {
      const author = await registerUser(app);
      const { slug } = await createArticle(app, author);
      for (let i = 0; i < 101; i++) {
        await createComment(app, slug, author, { body: `comment ${i}` });
      }

      const first = await api(app).get(`/api/articles/${slug}/comments`).expect(200);
      const rest = await api(app).get(`/api/articles/${slug}/comments?offset=100`).expect(200);

      expect(first.body.comments).toHaveLength(100);
      expect(first.body.comments[0].body).toBe('comment 100');
      expect(rest.body.comments.map((c: { body: string }) => c.body)).toEqual(['comment 0']);
    });

    it.each([
      ['limit=0', { limit: 'must not be less than 1' }],
      ['limit=101', { limit: 'must not be greater than 100' }],
      ['limit=abc', { limit: 'must be an integer number' }],
      ['offset=-1', { offset: 'must not be less than 0' }],
      ['offset=1.5', { offset: 'must be an integer number' }],
    ])('should answer 422 keyed by the parameter for %s', async (query, errors) => {
      const { slug } = await createArticle(app, await registerUser(app));

      const res = await api(app).get(`/api/articles/${slug}/comments?${query}`).expect(422);

      expect(res.body).toEqual(errorShape(errors));
    });

    it('should answer 404 for an unknown article and 401 for an invalid token', async () => {
      const { slug } = await createArticle(app, await registerUser(app));

      const res = await api(app).get(`/api/articles/nothing-${unique()}/comments`).expect(404);
      const invalid = await api(app).get(`/api/articles/${slug}/comments`, 'not-a-jwt').expect(401);

      expect(res.body).toEqual(errorShape({ article: 'not found' }));
      expect(invalid.body).toEqual(errorShape({ token: 'is invalid' }));
    });
  });

  describe('DELETE /api/articles/:slug/comments/:id', () => {
    it('should delete your comment with 204 and an empty body', async () => {
      const author = await registerUser(app);
      const { slug } = await createArticle(app, author);
      const mine = await createComment(app, slug, author);

      const res = await api(app).delete(`/api/articles/${slug}/comments/${mine.id}`, author.token).expect(204);

      expect(res.text).toBe('');
      const list = await api(app).get(`/api/articles/${slug}/comments`).expect(200);
      expect(list.body.comments).toEqual([]);
    });

    it("should answer 403 for another user's comment, even the article's author, and keep it", async () => {
      const author = await registerUser(app);
      const commenter = await registerUser(app);
      const { slug } = await createArticle(app, author);
      const theirs = await createComment(app, slug, commenter);

      const res = await api(app).delete(`/api/articles/${slug}/comments/${theirs.id}`, author.token).expect(403);

      expect(res.body).toEqual(errorShape({ comment: 'forbidden' }));
      const list = await api(app).get(`/api/articles/${slug}/comments`).expect(200);
      expect(list.body.comments).toEqual([expect.objectContaining({ id: theirs.id })]);
    });

    it('should answer 404 for an unknown comment or one of another article', async () => {
      const author = await registerUser(app);
      const { slug } = await createArticle(app, author);
      const otherSlug = (await createArticle(app, author)).slug;
      const elsewhere = await createComment(app, otherSlug, author);

      const unknown = await api(app).delete(`/api/articles/${slug}/comments/99999999`, author.token).expect(404);
      const ofAnother = await api(app)
        .delete(`/api/articles/${slug}/comments/${elsewhere.id}`, author.token)
        .expect(404);
      const noArticle = await api(app)
        .delete(`/api/articles/nothing-${unique()}/comments/${elsewhere.id}`, author.token)
        .expect(404);

      expect(unknown.body).toEqual(errorShape({ comment: 'not found' }));
      expect(ofAnother.body).toEqual(errorShape({ comment: 'not found' }));
      expect(noArticle.body).toEqual(errorShape({ article: 'not found' }));
    });

    it('should answer 422 for an id that is not an integer and 401 without a token', async () => {
      const author = await registerUser(app);
      const { slug } = await createArticle(app, author);
      const mine = await createComment(app, slug, author);

      const res = await api(app).delete(`/api/articles/${slug}/comments/abc`, author.token).expect(422);
      for (const id of ['1.5', `${mine.id}.0`, `${mine.id}e0`, `0x${mine.id.toString(16)}`, '%20']) {
        const other = await api(app).delete(`/api/articles/${slug}/comments/${id}`, author.token).expect(422);
        expect({ id, body: other.body }).toEqual({ id, body: errorShape({ id: 'must be an integer' }) });
      }
      const kept = await api(app).get(`/api/articles/${slug}/comments`).expect(200);
      expect(kept.body.comments).toEqual([expect.objectContaining({ id: mine.id })]);
      const anonymous = await api(app).delete(`/api/articles/${slug}/comments/${mine.id}`).expect(401);

      expect(res.body).toEqual(errorShape({ id: 'must be an integer' }));
      expect(anonymous.body).toEqual(errorShape({ token: 'is missing' }));
    });
  });
});
