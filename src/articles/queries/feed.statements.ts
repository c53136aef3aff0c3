import { statement } from '../../database/dialect/statement';
import { ArticleRaw, pageOfArticles } from './article-columns';

export interface FeedTotalsRaw {
  count: number | string | null;
  total: number | string | null;
}

/** How many articles the followed authors wrote (their counters), and how many there are in all. */
export const FEED_TOTALS = statement<{ counter: string; userId: number }, FeedTotalsRaw>(
  'feed totals',
  () => `SELECT COALESCE(SUM(u.articles_count), 0) AS count,
      (SELECT c.value FROM counters c WHERE c.name = :counter) AS total
    FROM follows fo
    INNER JOIN users u ON u.id = fo.followee_id
    WHERE fo.follower_id = :userId`,
);

interface FeedPageParameters {
  [name: string]: string | number;
  userId: number;
  viewerId: number;
  limit: number;
  offset: number;
}

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
