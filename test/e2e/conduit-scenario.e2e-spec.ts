import { NestExpressApplication } from '@nestjs/platform-express';
import { api } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { unique } from '../support/factories';

const JWT = expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/);
const ISO_MS = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

/**
 * The whole API as a Conduit front end walks it, every field of every response checked against
 * API.md with exact objects, so a missing or extra field fails.
 */
describe('A Conduit session, end to end (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('should serve a writer and a reader from registration to deletion', async () => {
    const id = unique();
    const jake = { username: `Jake_${id}`, email: `jake_${id}@example.com`, password: 'jakejakejake' };
    const anne = { username: `anne_${id}`, email: `anne_${id}@example.com`, password: 'anneanneanne' };
    const tag = `dragons${id}`;

    // Register both, log in as Jake, read and update the current user.
    const registered = await api(app).post('/api/users').send({ user: jake }).expect(201);
    expect(registered.body).toEqual({
      user: { email: jake.email, token: JWT, username: jake.username, bio: null, image: null },
    });
    const anneToken = (await api(app).post('/api/users').send({ user: anne }).expect(201)).body.user.token as string;

    const login = await api(app)
      .post('/api/users/login')
      .send({ user: { email: jake.email, password: jake.password } })
      .expect(200);
    expect(login.body).toEqual({
      user: { email: jake.email, token: JWT, username: jake.username, bio: null, image: null },
    });
    let jakeToken = login.body.user.token as string;

    const current = await api(app).get('/api/user', jakeToken).expect(200);
    expect(current.body).toEqual({
      user: { email: jake.email, token: jakeToken, username: jake.username, bio: null, image: null },
    });

    const updated = await api(app)
      .put('/api/user', jakeToken)
      .send({ user: { bio: 'I work at statefarm', image: 'https://example.com/jake.jpg' } })
      .expect(200);
    const jakeProfile = {
      username: jake.username,
      bio: 'I work at statefarm',
      image: 'https://example.com/jake.jpg',
    };
    expect(updated.body).toEqual({ user: { email: jake.email, token: JWT, ...jakeProfile } });
    jakeToken = updated.body.user.token as string;

    // Jake writes an article with tags.
    const created = await api(app)
      .post('/api/articles', jakeToken)
      .send({
        article: {
          title: 'How to train your dragon',
          description: 'Ever wonder how?',
          body: 'You have to believe',
          tagList: [tag, 'training'],
        },
      })
      .expect(201);
    const article = {
      slug: expect.stringMatching(/^how-to-train-your-dragon-[a-z0-9]{6}$/),
      title: 'How to train your dragon',
      description: 'Ever wonder how?',
      tagList: [tag, 'training'],
      createdAt: ISO_MS,
      updatedAt: ISO_MS,
    };
    expect(created.body).toEqual({
      article: {
        ...article,
        body: 'You have to believe',
        favorited: false,
        favoritesCount: 0,
        author: { ...jakeProfile, following: false },
      },
    });
    const slug = created.body.article.slug as string;

    const read = await api(app).get(`/api/articles/${slug}`).expect(200);
    expect(read.body).toEqual(created.body);

    // Anne finds it by tag, favorites it, and sees it among her favorites.
    const byTag = await api(app).get(`/api/articles?tag=${tag}`, anneToken).expect(200);
    expect(byTag.body).toEqual({
      articles: [{ ...article, favorited: false, favoritesCount: 0, author: { ...jakeProfile, following: false } }],
      articlesCount: 1,
    });

    const favorited = await api(app).post(`/api/articles/${slug}/favorite`, anneToken).expect(200);
    expect(favorited.body).toEqual({
      article: {
        ...article,
        body: 'You have to believe',
        favorited: true,
        favoritesCount: 1,
        author: { ...jakeProfile, following: false },
      },
    });

    const favorites = await api(app).get(`/api/articles?favorited=${anne.username}`, anneToken).expect(200);
    expect(favorites.body).toEqual({
      articles: [{ ...article, favorited: true, favoritesCount: 1, author: { ...jakeProfile, following: false } }],
      articlesCount: 1,
    });

    // Anne follows Jake and reads her feed.
    const followed = await api(app).post(`/api/profiles/${jake.username}/follow`, anneToken).expect(200);
    expect(followed.body).toEqual({ profile: { ...jakeProfile, following: true } });

    const feed = await api(app).get('/api/articles/feed', anneToken).expect(200);
    expect(feed.body).toEqual({
      articles: [{ ...article, favorited: true, favoritesCount: 1, author: { ...jakeProfile, following: true } }],
      articlesCount: 1,
    });

    // Anne comments; both read the comments.
    const commented = await api(app)
      .post(`/api/articles/${slug}/comments`, anneToken)
      .send({ comment: { body: 'It takes a Jacobian' } })
      .expect(201);
    const anneAuthor = { username: anne.username, bio: null, image: null };
    expect(commented.body).toEqual({
      comment: {
        id: expect.any(Number),
        createdAt: ISO_MS,
        updatedAt: ISO_MS,
        body: 'It takes a Jacobian',
        author: { ...anneAuthor, following: false },
      },
    });
    const commentId = commented.body.comment.id as number;

    const comments = await api(app).get(`/api/articles/${slug}/comments`, jakeToken).expect(200);
    expect(comments.body).toEqual({
      comments: [{ ...commented.body.comment, author: { ...anneAuthor, following: false } }],
    });

    const tags = await api(app).get('/api/tags').expect(200);
    expect(tags.body).toEqual({ tags: expect.arrayContaining([tag, 'training']) });

    // Anne unfavorites; she deletes her comment; Jake deletes the article.
    const unfavorited = await api(app).delete(`/api/articles/${slug}/favorite`, anneToken).expect(200);
    expect(unfavorited.body).toEqual({
      article: {
        ...article,
        body: 'You have to believe',
        favorited: false,
        favoritesCount: 0,
        author: { ...jakeProfile, following: true },
      },
    });

    const deletedComment = await api(app).delete(`/api/articles/${slug}/comments/${commentId}`, anneToken).expect(204);
    expect(deletedComment.text).toBe('');

    const deleted = await api(app).delete(`/api/articles/${slug}`, jakeToken).expect(204);
    expect(deleted.text).toBe('');

    await api(app).get(`/api/articles/${slug}`).expect(404);
    await api(app).get(`/api/articles/${slug}/comments`).expect(404);
    const emptyFeed = await api(app).get('/api/articles/feed', anneToken).expect(200);
    expect(emptyFeed.body).toEqual({ articles: [], articlesCount: 0 });
  });
});
