import { statement } from '../../database/dialect/statement';
import { ArticleKeyRaw } from './one-article.statements';

type Id = { id: number };

/** A row lock on the user: the token may name a user deleted since it was signed. */
export const LOCK_USER = statement<Id, { id: number | string }>(
  'lock the user',
  (sql) => `SELECT u.id AS id FROM users u WHERE u.id = :id${sql.forUpdate}`,
);

export const LOCK_ARTICLE = statement<Id, ArticleKeyRaw>(
  'lock the article',
  (sql) => `SELECT a.id AS id, a.author_id AS authorId, a.title AS title, a.created_at AS createdAt
    FROM articles a WHERE a.id = :id${sql.forUpdate}`,
);

/**
 * One more article by the user, written at `createdAt`: the counter, and the newest article's time
 * (kept when it is later, as another host's clock may be behind).
 */
export const COUNT_NEW_ARTICLE = statement<Id & { createdAt: Date }>(
  'count the author’s new article',
  () => `UPDATE users SET articles_count = articles_count + 1,
      last_article_at = CASE WHEN last_article_at IS NULL OR last_article_at < :createdAt
        THEN :createdAt ELSE last_article_at END
    WHERE id = :id`,
);

/** One article fewer by the user: the counter, and the newest of the others' time (NULL when none is left). */
export const UNCOUNT_ARTICLE = statement<Id & { articleId: number }>(
  'uncount the author’s article',
  () => `UPDATE users SET articles_count = articles_count - 1,
      last_article_at = (SELECT o.created_at FROM articles o WHERE o.author_id = :id AND o.id <> :articleId
        ORDER BY o.created_at DESC, o.id DESC LIMIT 1)
    WHERE id = :id`,
);

export const COUNT_USER_FAVORITES = statement<Id & { delta: 1 | -1 }>(
  'count the user’s favorites',
  () => 'UPDATE users SET favorites_count = favorites_count + :delta WHERE id = :id',
);

export const COUNT_ARTICLE_FAVORITES = statement<Id & { delta: 1 | -1 }>(
  'count the article’s favorites',
  () => 'UPDATE articles SET favorites_count = favorites_count + :delta WHERE id = :id',
);

/** The site-wide article counter. */
export const COUNT_ALL_ARTICLES = statement<{ counter: string; delta: 1 | -1 }>(
  'count all articles',
  () => 'UPDATE counters SET value = value + :delta WHERE name = :counter',
);

export const INSERT_ARTICLE = statement<{
  slug: string;
  title: string;
  description: string;
  body: string;
  authorId: number;
  now: Date;
}>(
  'insert an article',
  () => `INSERT INTO articles (slug, title, description, body, author_id, favorites_count, created_at, updated_at)
    VALUES (:slug, :title, :description, :body, :authorId, 0, :now, :now)`,
);

/** Changes the given fields (NULL keeps a column as it is: none of them is nullable). */
export const UPDATE_ARTICLE = statement<
  Id & { slug: string | null; title: string | null; description: string | null; body: string | null; now: Date }
>(
  'update an article',
  () => `UPDATE articles SET slug = COALESCE(:slug, slug), title = COALESCE(:title, title),
      description = COALESCE(:description, description), body = COALESCE(:body, body), updated_at = :now
    WHERE id = :id`,
);

/** Before a delete: every user who favorited the article has one favorite fewer. */
export const UNCOUNT_FAVORITERS = statement<Id>(
  'uncount the article’s favoriters',
  () => `UPDATE users SET favorites_count = favorites_count - 1
    WHERE id IN (SELECT f.user_id FROM favorites f WHERE f.article_id = :id)`,
);

/** The foreign keys cascade to the article's favorites, tags and comments. */
export const DELETE_ARTICLE = statement<Id>('delete an article', () => 'DELETE FROM articles WHERE id = :id');

export const FIND_FAVORITE = statement<{ userId: number; articleId: number }, { found: number }>(
  'find a favorite',
  () => 'SELECT 1 AS found FROM favorites f WHERE f.user_id = :userId AND f.article_id = :articleId',
);

export const INSERT_FAVORITE = statement<{ userId: number; articleId: number; articleCreatedAt: Date; now: Date }>(
  'insert a favorite',
  () => `INSERT INTO favorites (user_id, article_id, article_created_at, created_at)
    VALUES (:userId, :articleId, :articleCreatedAt, :now)`,
);

export const DELETE_FAVORITE = statement<{ userId: number; articleId: number }>(
  'delete a favorite',
  () => 'DELETE FROM favorites WHERE user_id = :userId AND article_id = :articleId',
);
