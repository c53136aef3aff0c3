import { Page } from '../common/pagination/page-query.dto';
import { toCount, toDate } from '../database/dialect/values';
import { Statement, StatementParameters } from '../database/dialect/statement';
import { ARTICLES_COUNTER } from './queries/counters';
import { chooseFeedPlan, feedCount, Followee, pageIsComplete } from './feed-plan';
import { ArticleRaw } from './queries/article-columns';
import { FEED_FOLLOWEES, FEED_NEWEST, FEED_RECENT, FEED_SORTED, FolloweeRaw } from './queries/feed.statements';

/** Runs a read and answers its rows: the server's Database, or anything else that runs the statements. */
export type ReadRows = <P extends StatementParameters, R>(statement: Statement<P, R>, parameters: P) => Promise<R[]>;

/** Older than any article: the scan's lower bound when its window is larger than the table. */
const EPOCH = '1970-01-01 00:00:00.000';

export const toFollowee = (raw: FolloweeRaw): Followee => ({
  id: toCount(raw.id),
  articles: toCount(raw.articles),
  lastArticleAt: raw.lastArticleAt === null ? null : toDate(raw.lastArticleAt),
});

/**
 * A page of the user's feed and its total, in two statements: the followed authors, then the page
 * by the plan they choose (feed-plan.ts). A page that its plan's part of the feed cut short is read
 * again by the sorted plan, a third statement, so a feed never costs more than the sort and one
 * cheaper read. Apart from FeedRepository, so the benchmark's floor server runs the same reads.
 */
export async function readFeed(
  read: ReadRows,
  userId: number,
  page: Page,
): Promise<{ rows: ArticleRaw[]; count: number }> {
  const raw = await read(FEED_FOLLOWEES, { counter: ARTICLES_COUNTER, userId });
  const followees = raw.map(toFollowee);
  const count = feedCount(followees);
  const plan = chooseFeedPlan(followees, toCount(raw[0]?.total), page);
  if (plan.kind === 'empty') {
    return { rows: [], count };
  }
  const viewer = { viewerId: userId, limit: page.limit, offset: page.offset };
  let part: ArticleRaw[] | undefined;
  if (plan.kind === 'recent') {
    part = await read(FEED_RECENT, { ...viewer, authorIds: plan.authorIds, since: plan.since });
  } else if (plan.kind === 'scan') {
    part = await read(FEED_NEWEST, { ...viewer, userId, windowEnd: plan.window - 1, epoch: EPOCH });
  }
  if (part && pageIsComplete(part.length, count, page)) {
    return { rows: part, count };
  }
  return { rows: await read(FEED_SORTED, { ...viewer, userId }), count };
}
