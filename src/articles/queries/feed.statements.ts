import { statement } from '../../database/dialect/statement';
import { ArticleRaw, pageOfArticles } from './article-columns';

export interface FolloweeRaw {
  id: number | string;
  articles: number | string;
  lastArticleAt: Date | string | null;
  total: number | string | null;
}

/**
 * Every author the user follows: their article counter (the feed's total is the sum) and when they
 * wrote their newest article (which of them wrote the newest articles); with all articles' counter.
 * One primary-key probe of users per followed author, none of their articles read.
 */
export const FEED_FOLLOWEES = statement<{ counter: string; userId: number }, FolloweeRaw>(
  'feed, the followed authors',
  () => `SELECT u.id AS id, u.articles_count AS articles, u.last_article_at AS lastArticleAt,
      (SELECT c.value FROM counters c WHERE c.name = :counter) AS total
    FROM follows fo
    INNER JOIN users u ON u.id = fo.followee_id
    WHERE fo.follower_id = :userId`,
);

interface FeedPageParameters {
  [name: string]: string | number | Date | readonly number[];
  userId: number;
  viewerId: number;
  limit: number;
  offset: number;
}

/**
 * The feed's page from the articles written `:since` or later by `:authorIds` (every followed author
 * whose newest article is that recent): one range of (author_id, created_at, id) per author, each
 * starting at `:since`, merged and sorted.
 */
export const FEED_RECENT = statement<
  Omit<FeedPageParameters, 'userId'> & { authorIds: readonly number[]; since: Date },
  ArticleRaw
>('feed, the recent authors', (sql) =>
  pageOfArticles(
    sql,
    'viewer',
    `SELECT fa.id AS id, fa.created_at AS sort_time
    FROM ${sql.tableWithIndex('articles', 'fa', 'IDX_articles_author_created')}
    WHERE fa.author_id IN (:...authorIds) AND fa.created_at >= :since
    ORDER BY fa.created_at DESC, fa.id DESC LIMIT :limit OFFSET :offset`,
  ),
);

/**
 * The feed's page read newest-first from (created_at, id), keeping followed authors' articles,
 * within the `:windowEnd + 1` newest articles (a range whose lower bound is computed once, in a
 * one-row derived table).
 */
export const FEED_NEWEST = statement<FeedPageParameters & { windowEnd: number; epoch: string }, ArticleRaw>(
  'feed, newest first',
  (sql) =>
    pageOfArticles(
      sql,
      'viewer',
      `SELECT s.id AS id, s.created_at AS sort_time
      FROM (SELECT COALESCE(
              (SELECT w.created_at FROM articles w ORDER BY w.created_at DESC, w.id DESC LIMIT 1 OFFSET :windowEnd),
              :epoch
            ) AS cutoff) win
      INNER JOIN ${sql.tableWithIndex('articles', 's', 'IDX_articles_created')} ON s.created_at >= win.cutoff
      WHERE EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :userId AND fo.followee_id = s.author_id)
      ORDER BY s.created_at DESC, s.id DESC LIMIT :limit OFFSET :offset`,
    ),
);

/** The feed's page from the followed authors' articles, gathered through (author_id, created_at, id) and sorted. */
export const FEED_SORTED = statement<FeedPageParameters, ArticleRaw>('feed, sorted', (sql) =>
  pageOfArticles(
    sql,
    'viewer',
    `SELECT fa.id AS id, fa.created_at AS sort_time
    FROM follows fo
    INNER JOIN articles fa ON fa.author_id = fo.followee_id
    WHERE fo.follower_id = :userId
    ORDER BY fa.created_at DESC, fa.id DESC LIMIT :limit OFFSET :offset`,
  ),
);
