// The floor's writes: the transactions of src/articles/article-write.repository.ts (and the tag
// upsert of article-tags.writer.ts), statement for statement, run the way TypeORM runs a
// transaction on MySQL (START TRANSACTION … COMMIT, ROLLBACK on an error) and retried after a
// deadlock as MysqlDialect retries them; then the article read back as ArticlesService.respond does.
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, PoolConnection } from 'mysql2/promise';
import { byCodePoint } from '../../../src/articles/article-tags.writer';
import { ARTICLE_BY_ID } from '../../../src/articles/queries/one-article.statements';
import { LINK_TAGS, tagParameters, upsertTagsStatement } from '../../../src/articles/queries/tag-write.statements';
import {
  COUNT_ALL_ARTICLES,
  COUNT_ARTICLE_FAVORITES,
  COUNT_NEW_ARTICLE,
  COUNT_USER_FAVORITES,
  INSERT_ARTICLE,
  INSERT_FAVORITE,
} from '../../../src/articles/queries/write.statements';
import { makeSlug } from '../../../src/articles/slug';
import { FloorError, invalid, notFound } from './http';
import * as json from './json';
import { ARTICLES_COUNTER } from '../../../src/articles/queries/counters';
import { articleKey } from './reads';
import { first, run } from './sql';

const DEADLOCK_ATTEMPTS = 5;
const SLUG_ATTEMPTS = 5;

const userGone = () => new FloorError(401, 'token', 'refers to a user that no longer exists');

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
const isDeadlock = (error: unknown) => ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT'].includes(String(codeOf(error)));
const isDuplicate = (error: unknown) => codeOf(error) === 'ER_DUP_ENTRY';

async function transaction<T>(pool: Pool, work: (tx: PoolConnection) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const connection = await pool.getConnection();
    try {
      await connection.query('START TRANSACTION');
      const result = await work(connection);
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      if (attempt >= DEADLOCK_ATTEMPTS || !isDeadlock(error)) {
        throw error;
      }
    } finally {
      connection.release();
    }
    await sleep(5 * attempt + Math.random() * 20);
  }
}

export interface NewArticle {
  title: string;
  description: string;
  body: string;
  tagList: string[];
}

/** Just enough of NewArticleRequest's checks and transforms (trimmed title and description; tags trimmed and lowercased). */
export function newArticle(body: unknown): NewArticle {
  const input = (body as { article?: Record<string, unknown> } | null)?.article;
  const text = (name: string) => {
    const value = input?.[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw invalid(name);
    }
    return value;
  };
  const tagList = input?.tagList ?? [];
  if (!Array.isArray(tagList) || !tagList.every((tag) => typeof tag === 'string')) {
    throw invalid('tagList');
  }
  return {
    title: text('title').trim(),
    description: text('description').trim(),
    body: text('body'),
    tagList: [...new Set(tagList.map((tag: string) => tag.trim().toLowerCase()))].sort(),
  };
}

/** ArticlesService.create: the transaction under a fresh slug, then the article read back; a 201. */
export async function createArticle(db: Pool, authorId: number, input: NewArticle) {
  const id = await withFreshSlug(input.title, (slug) =>
    transaction(db, async (tx) => {
      const now = new Date();
      if (!(await run(tx, COUNT_NEW_ARTICLE, { id: authorId, createdAt: now })).affectedRows) {
        throw userGone();
      }
      const { title, description, body } = input;
      const { insertId } = await run(tx, INSERT_ARTICLE, { slug, title, description, body, authorId, now });
      const names = byCodePoint(input.tagList);
      if (names.length > 0) {
        await run(tx, upsertTagsStatement(names.length), tagParameters(names));
        await run(tx, LINK_TAGS, { names, articleId: insertId });
      }
      await run(tx, COUNT_ALL_ARTICLES, { counter: ARTICLES_COUNTER, delta: 1 });
      return insertId;
    }),
  );
  return respond(db, id, authorId);
}

/** A slug clash (the unique index on `slug`) tries again with another random suffix, as the server does. */
async function withFreshSlug<T>(title: string, write: (slug: string) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(makeSlug(title));
    } catch (error) {
      if (!isDuplicate(error) || !String((error as Error).message).includes('slug')) {
        throw error;
      }
      if (attempt >= SLUG_ATTEMPTS) {
        throw new FloorError(409, 'slug', 'has already been taken');
      }
    }
  }
}

/**
 * ArticlesService.favorite: the article's key, then both counters and the row in one transaction; a
 * favorite that exists already fails on the primary key and rolls back, and answers as a new one.
 */
export async function favorite(db: Pool, userId: number, slug: string) {
  const article = await articleKey(db, slug);
  try {
    await transaction(db, async (tx) => {
      const articleId = article.id;
      if (!(await run(tx, COUNT_USER_FAVORITES, { id: userId, delta: 1 })).affectedRows) {
        throw userGone();
      }
      if (!(await run(tx, COUNT_ARTICLE_FAVORITES, { id: articleId, delta: 1 })).affectedRows) {
        throw notFound('article');
      }
      const row = { userId, articleId, articleCreatedAt: article.createdAt, now: new Date() };
      await run(tx, INSERT_FAVORITE, row);
    });
  } catch (error) {
    if (!isDuplicate(error)) {
      throw error;
    }
  }
  return respond(db, article.id, userId);
}

async function respond(db: Pool, id: number, viewerId: number) {
  const raw = await first(db, ARTICLE_BY_ID.viewer, { id, viewerId });
  if (!raw) {
    throw notFound('article');
  }
  return { article: json.articleWithBody(raw) };
}
