import { Page } from '../common/pagination/page-query.dto';

/** Below this share of all articles, a newest-first scan could read far too many before a page is full. */
export const FEED_SCAN_MIN_SHARE = 0.01;
/** How many times the predicted number of newest articles the feed's scan may read before giving up. */
export const FEED_SCAN_SLACK = 10;
/** The most authors the recent plan reads (one index range each): past it, planning them costs more than a sort. */
export const FEED_RECENT_MAX_AUTHORS = 100;

/** A followed author, as the feed's first statement reads them. */
export interface Followee {
  id: number;
  /** The articles they wrote (their counter). */
  articles: number;
  /** When they wrote their newest article; null when they wrote none, or when it is unknown. */
  lastArticleAt: Date | null;
}

/** How to read a page of a feed. */
export type FeedPlan =
  /** The page is past the followed authors' articles: nothing to read. */
  | { kind: 'empty' }
  /** Read the articles written `since` or later by `authorIds`, the authors who wrote the newest ones. */
  | { kind: 'recent'; since: Date; authorIds: number[] }
  /** Read newest-first through the `window` newest articles, keeping the followed authors'. */
  | { kind: 'scan'; window: number }
  /** Gather the followed authors' articles through their index and sort them. */
  | { kind: 'sort' };

/** The feed's length: the followed authors' counters. */
export const feedCount = (followees: readonly Followee[]): number =>
  followees.reduce((sum, followee) => sum + followee.articles, 0);

/**
 * Chooses how to read a page of the feed of the authors `followees`, among `total` articles.
 *
 * The recent plan whenever it applies: the page needs the newest `offset + limit` articles, and if
 * that many authors each wrote an article at `since` or later, so do those articles; nobody else
 * wrote any of them. It reads about `offset + limit` index entries, however many articles the
 * authors or anyone else wrote. Otherwise (fewer authors than the page needs, a deep page, an
 * author whose newest article's time is unknown) the share of all articles the followed authors
 * wrote decides as before: read the newest articles in order and keep theirs (about
 * `(offset + limit) / share` index entries), or gather and sort all of theirs.
 */
export function chooseFeedPlan(followees: readonly Followee[], total: number, page: Page): FeedPlan {
  const count = feedCount(followees);
  if (count === 0 || page.offset >= count) {
    return { kind: 'empty' };
  }
  const recent = recentAuthors(followees, page.offset + page.limit);
  if (recent) {
    return { kind: 'recent', ...recent };
  }
  const share = total > 0 ? count / total : 0;
  const window = share > 0 ? Math.ceil(((page.offset + page.limit) / share) * FEED_SCAN_SLACK) : Infinity;
  return share >= FEED_SCAN_MIN_SHARE && window < count ? { kind: 'scan', window } : { kind: 'sort' };
}

/**
 * The authors whose newest article is among the `need` newest authors' newest, and that time: every
 * article of the feed written then or later is theirs, and there are at least `need` of them.
 * Undefined when fewer than `need` authors wrote anything, when an author's newest article's time
 * is unknown, or when the ties make the list longer than FEED_RECENT_MAX_AUTHORS.
 */
export function recentAuthors(
  followees: readonly Followee[],
  need: number,
): { since: Date; authorIds: number[] } | undefined {
  const writers: { id: number; last: number }[] = [];
  for (const followee of followees) {
    if (followee.articles > 0) {
      if (followee.lastArticleAt === null) {
        return undefined;
      }
      writers.push({ id: followee.id, last: followee.lastArticleAt.getTime() });
    }
  }
  if (writers.length < need || need > FEED_RECENT_MAX_AUTHORS) {
    return undefined;
  }
  const since = writers.map((writer) => writer.last).sort((a, b) => b - a)[need - 1];
  const authorIds = writers.filter((writer) => writer.last >= since).map((writer) => writer.id);
  return authorIds.length <= FEED_RECENT_MAX_AUTHORS ? { since: new Date(since), authorIds } : undefined;
}

/**
 * A page read from part of the feed (the recent authors' newest articles, or the newest articles
 * overall) is complete when it is full or reaches the end of the feed; otherwise that part held too
 * few (an author's newest article was deleted meanwhile; the followed authors wrote little lately)
 * and the sorted plan must read it.
 */
export const pageIsComplete = (rows: number, count: number, page: Page): boolean =>
  rows === page.limit || page.offset + rows >= count;
