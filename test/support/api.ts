import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { NewUser } from '../../src/users/user.dto';
import { aComment, anArticle, aUser } from './factories';

type Method = 'get' | 'post' | 'put' | 'delete';

/** supertest on the app, with `Authorization: Token <token>` when a token is given. */
export function api(app: INestApplication) {
  const call = (method: Method, path: string, token?: string) => {
    const req = request(app.getHttpServer())[method](path);
    return token ? req.set('Authorization', `Token ${token}`) : req;
  };
  return {
    get: (path: string, token?: string) => call('get', path, token),
    post: (path: string, token?: string) => call('post', path, token),
    put: (path: string, token?: string) => call('put', path, token),
    delete: (path: string, token?: string) => call('delete', path, token),
  };
}

export interface RegisteredUser extends NewUser {
  token: string;
}

/** Registers a fresh user over HTTP and returns its credentials and token. */
export async function registerUser(app: INestApplication, overrides: Partial<NewUser> = {}): Promise<RegisteredUser> {
  const user = aUser(overrides);
  const res = await api(app).post('/api/users').send({ user }).expect(201);
  return { ...user, token: (res.body as { user: { token: string } }).user.token };
}

/** A profile as the API answers it (the author of an article or a comment). */
export interface ProfileBody {
  username: string;
  bio: string | null;
  image: string | null;
  following: boolean;
}

/** An article as `POST /api/articles` answers it. */
export interface ArticleBody {
  slug: string;
  title: string;
  description: string;
  body: string;
  tagList: string[];
  createdAt: string;
  updatedAt: string;
  favorited: boolean;
  favoritesCount: number;
  author: ProfileBody;
}

/** A comment as `POST /api/articles/:slug/comments` answers it. */
export interface CommentBody {
  id: number;
  body: string;
  createdAt: string;
  updatedAt: string;
  author: ProfileBody;
}

/** Writes an article by `author` over HTTP (`anArticle(overrides)`) and returns it as answered. */
export async function createArticle(
  app: INestApplication,
  author: Pick<RegisteredUser, 'token'>,
  overrides: Record<string, unknown> = {},
): Promise<ArticleBody> {
  const res = await api(app)
    .post('/api/articles', author.token)
    .send({ article: anArticle(overrides) })
    .expect(201);
  return (res.body as { article: ArticleBody }).article;
}

/** Writes a comment by `author` on the article `slug` over HTTP and returns it as answered. */
export async function createComment(
  app: INestApplication,
  slug: string,
  author: Pick<RegisteredUser, 'token'>,
  overrides: Record<string, unknown> = {},
): Promise<CommentBody> {
  const res = await api(app)
    .post(`/api/articles/${slug}/comments`, author.token)
    .send({ comment: aComment(overrides) })
    .expect(201);
  return (res.body as { comment: CommentBody }).comment;
}

/** Makes `follower` follow `followee` over HTTP. */
export async function follow(
  app: INestApplication,
  follower: Pick<RegisteredUser, 'token'>,
  followee: Pick<RegisteredUser, 'username'>,
): Promise<void> {
  await api(app).post(`/api/profiles/${followee.username}/follow`, follower.token).expect(200);
}

type Message = string | RegExp;

/**
 * The API.md error shape with exactly these keys, each with exactly these messages (or messages
 * matching): `errorShape({ email: 'has already been taken' })`.
 */
export const errorShape = (errors: Record<string, Message | Message[]>) => ({
  errors: Object.fromEntries(
    Object.entries(errors).map(([key, messages]) => [
      key,
      (Array.isArray(messages) ? messages : [messages]).map((m) =>
        typeof m === 'string' ? m : expect.stringMatching(m),
      ),
    ]),
  ),
});
