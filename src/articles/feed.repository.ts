import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination/page-query.dto';
import { Database } from '../database/database';
import { toCount } from '../database/dialect/values';
import { ArticleRow } from './article.dto';
import { ARTICLES_COUNTER } from './counter.entity';
import { chooseFeedPlan, scanIsComplete } from './feed-plan';
import { toArticleRow } from './queries/article-columns';
import { FEED_NEWEST, FEED_SORTED, FEED_TOTALS } from './queries/feed.statements';

/** Older than any article: the window's lower bound when the window is larger than the table. */
const EPOCH = '1970-01-01 00:00:00.000';

/**
 * Articles by the authors a user follows, newest first; the total sums the authors' counters. The
 * plan (see feed-plan.ts) comes from both counters, read in one statement; a scan that its window
 * cut short falls back to the sort, so a feed never costs more than twice the sort.
 */
@Injectable()
export class FeedRepository {
  constructor(private readonly database: Database) {}

  async feed(userId: number, page: Page): Promise<{ rows: ArticleRow[]; count: number }> {
    const totals = await this.database.first(FEED_TOTALS, { counter: ARTICLES_COUNTER, userId });
    const count = toCount(totals?.count);
    const plan = chooseFeedPlan(count, toCount(totals?.total), page);
    if (plan.kind === 'empty') {
      return { rows: [], count };
    }
    const parameters = { userId, viewerId: userId, limit: page.limit, offset: page.offset };
    if (plan.kind === 'scan') {
      const scanned = await this.database.rows(FEED_NEWEST, {
        ...parameters,
        windowEnd: plan.window - 1,
        epoch: EPOCH,
      });
      if (scanIsComplete(scanned.length, count, page)) {
        return { rows: scanned.map(toArticleRow), count };
      }
    }
    const sorted = await this.database.rows(FEED_SORTED, parameters);
    return { rows: sorted.map(toArticleRow), count };
  }
}
