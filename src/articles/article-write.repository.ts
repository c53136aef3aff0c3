import { Injectable } from '@nestjs/common';
import { TokenError } from '../common/errors/api-errors';
import { Database, Transaction } from '../database/database';
import { addTags, replaceTags } from './article-tags.writer';
import { ArticleChanges, ArticleGoneError, ArticleKey, DuplicateSlugError, NewArticleRow } from './article.types';
import { ARTICLES_COUNTER } from './queries/counters';
import { toArticleKey } from './queries/one-article.statements';
import { UNCOUNT_ARTICLE_TAGS } from './queries/tag-write.statements';
import {
  COUNT_ALL_ARTICLES,
  COUNT_ARTICLE_FAVORITES,
  COUNT_NEW_ARTICLE,
  COUNT_USER_FAVORITES,
  DELETE_ARTICLE,
  DELETE_FAVORITE,
  FIND_FAVORITE,
  INSERT_ARTICLE,
  INSERT_FAVORITE,
  LOCK_ARTICLE,
  LOCK_USER,
  UNCOUNT_ARTICLE,
  UNCOUNT_FAVORITERS,
  UPDATE_ARTICLE,
} from './queries/write.statements';

/** Rolls back favorite()'s counters when the favorite exists already. */
class AlreadyFavorited extends Error {}

/**
 * Every article write, each in one transaction with the counters it moves. Each updates (and so
 * locks) the rows it will change before inserting rows whose foreign-key checks would share-lock
 * them: two such inserts then never wait on each other's shared locks. Favorites and unfavorites
 * lock the user's row first, so one user's run one at a time. A deadlock that remains (say, a
 * delete racing a favorite of the same article) makes MySQL roll one back, and the dialect's
 * transaction runs it again.
 */
@Injectable()
export class ArticleWriteRepository {
  constructor(private readonly database: Database) {}

  /** Inserts the article, its tags and every counter in one transaction; returns the new id. */
  create(authorId: number, input: NewArticleRow): Promise<number> {
    return this.rejectDuplicateSlug(() =>
      this.database.transaction(async (tx) => {
        const now = new Date();
        const { affected } = await tx.run(COUNT_NEW_ARTICLE, { id: authorId, createdAt: now });
        if (!affected) {
          throw new TokenError('user-gone');
        }
        const { slug, title, description, body } = input;
        const inserted = await tx.run(INSERT_ARTICLE, { slug, title, description, body, authorId, now });
        const id = this.database.insertedId(inserted);
        await addTags(tx, id, input.tagList);
        // The site-wide counter is every creation's hot row: updated last, its lock is held only
        // until the commit that follows.
        await tx.run(COUNT_ALL_ARTICLES, { counter: ARTICLES_COUNTER, delta: 1 });
        return id;
      }),
    );
  }

  /** Changes the given fields and, when `tagList` is given, replaces the tags. False when the article is gone. */
  update(id: number, changes: ArticleChanges, tagList?: string[]): Promise<boolean> {
    return this.rejectDuplicateSlug(() =>
      this.database.transaction(async (tx) => {
        if (!(await lockArticle(tx, id))) {
          return false;
        }
        await tx.run(UPDATE_ARTICLE, {
          id,
          slug: changes.slug ?? null,
          title: changes.title ?? null,
          description: changes.description ?? null,
          body: changes.body ?? null,
          now: new Date(),
        });
        if (tagList) {
          await replaceTags(tx, id, tagList);
        }
        return true;
      }),
    );
  }

  /** Deletes the article with its favorites, tags and comments, and corrects every counter. */
  delete(id: number): Promise<boolean> {
    return this.database.transaction(async (tx) => {
      const article = await lockArticle(tx, id);
      if (!article) {
        return false;
      }
      // The author before the tags, as create() locks them.
      await tx.run(UNCOUNT_ARTICLE, { id: article.authorId, articleId: id });
      await tx.run(UNCOUNT_FAVORITERS, { id });
      await tx.run(UNCOUNT_ARTICLE_TAGS, { articleId: id });
      await tx.run(COUNT_ALL_ARTICLES, { counter: ARTICLES_COUNTER, delta: -1 });
      await tx.run(DELETE_ARTICLE, { id });
      return true;
    });
  }

  /**
   * Idempotent. The user's and the article's counters are moved first (locking both rows, the
   * user's first, so one user's favorites run one at a time; the article's before the insert,
   * whose foreign-key check would otherwise take a shared lock that two favoriters could not both
   * upgrade), then the row is inserted; a favorite that exists already fails on the primary key and
   * the transaction is rolled back. Where one connection is shared, a rollback would take other
   * requests' statements with it: there it checks first, and a repeat changes nothing.
   */
  async favorite(userId: number, article: ArticleKey): Promise<void> {
    try {
      await this.database.transaction(async (tx) => {
        const articleId = article.id;
        if (this.database.dialect.sharesOneConnection && (await tx.first(FIND_FAVORITE, { userId, articleId }))) {
          return;
        }
        if (!(await tx.run(COUNT_USER_FAVORITES, { id: userId, delta: 1 })).affected) {
          throw new TokenError('user-gone');
        }
        if (!(await tx.run(COUNT_ARTICLE_FAVORITES, { id: articleId, delta: 1 })).affected) {
          throw new ArticleGoneError();
        }
        const row = { userId, articleId, articleCreatedAt: article.createdAt, now: new Date() };
        await tx.run(INSERT_FAVORITE, row).catch((error: unknown) => {
          throw this.database.dialect.classifyError(error)?.kind === 'unique' ? new AlreadyFavorited() : error;
        });
      });
    } catch (error) {
      if (!(error instanceof AlreadyFavorited)) {
        throw error;
      }
    }
  }

  /** Idempotent: the user's row first, like favorite(), then the favorite; nothing deleted, nothing changes. */
  async unfavorite(userId: number, articleId: number): Promise<void> {
    await this.database.transaction(async (tx) => {
      if (!(await tx.first(LOCK_USER, { id: userId }))) {
        throw new TokenError('user-gone');
      }
      const { affected } = await tx.run(DELETE_FAVORITE, { userId, articleId });
      if (!affected) {
        return;
      }
      await tx.run(COUNT_ARTICLE_FAVORITES, { id: articleId, delta: -1 });
      await tx.run(COUNT_USER_FAVORITES, { id: userId, delta: -1 });
    });
  }

  private async rejectDuplicateSlug<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const violation = this.database.dialect.classifyError(error);
      if (violation?.kind === 'unique' && violation.detail.includes('slug')) {
        throw new DuplicateSlugError();
      }
      throw error;
    }
  }
}

async function lockArticle(tx: Transaction, id: number): Promise<ArticleKey | null> {
  const raw = await tx.first(LOCK_ARTICLE, { id });
  return raw ? toArticleKey(raw) : null;
}
