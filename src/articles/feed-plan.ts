import { Page } from '../common/pagination/page-query.dto';

/** Below this share of all articles, a newest-first scan could read far too many before a page is full. */
export const FEED_SCAN_MIN_SHARE = 0.01;
/** How many times the predicted number of newest articles the feed's scan may read before giving up. */
export const FEED_SCAN_SLACK = 10;

/** How to read a page of a feed. */
export type FeedPlan =
  /** The page is past the followed authors' articles: nothing to read. */
  | { kind: 'empty' }
  /** Read newest-first through the `window` newest articles, keeping the followed authors'. */
  | { kind: 'scan'; window: number }
  /** Gather the followed authors' articles through their index and sort them. */
  | { kind: 'sort' };

/**
 * Chooses the cheaper plan from the share of all articles the followed authors wrote. Following
 * prolific authors, the newest articles are read in index order and kept when their author is
 * followed: about `(offset + limit) / share` index entries. Following a few quiet ones, their
 * `count` articles are gathered and sorted. The scan runs only when its window is the smaller.
 *
 * @param count the followed authors' articles
 * @param total all articles
 */
export function chooseFeedPlan(count: number, total: number, page: Page): FeedPlan {
  if (count === 0 || page.offset >= count) {
    return { kind: 'empty' };
  }
  const share = total > 0 ? count / total : 0;
  const window = share > 0 ? Math.ceil(((page.offset + page.limit) / share) * FEED_SCAN_SLACK) : Infinity;
  return share >= FEED_SCAN_MIN_SHARE && window < count ? { kind: 'scan', window } : { kind: 'sort' };
}

/**
 * A scan's page is complete when it is full or reaches the end of the feed; otherwise the window
 * cut it short (the followed authors wrote little lately) and the sorted plan must read it.
 */
export const scanIsComplete = (rows: number, count: number, page: Page): boolean =>
  rows === page.limit || page.offset + rows >= count;
