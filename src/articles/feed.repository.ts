import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination/page-query.dto';
import { Database } from '../database/database';
import { ArticleRow } from './article.dto';
import { readFeed } from './feed-read';
import { toArticleRow } from './queries/article-columns';

/**
 * Articles by the authors a user follows, newest first; the total sums the authors' counters. The
 * reads and their plan are in feed-read.ts and feed-plan.ts.
 */
@Injectable()
export class FeedRepository {
  constructor(private readonly database: Database) {}

  async feed(userId: number, page: Page): Promise<{ rows: ArticleRow[]; count: number }> {
    const { rows, count } = await readFeed(
      (statement, parameters) => this.database.rows(statement, parameters),
      userId,
      page,
    );
    return { rows: rows.map(toArticleRow), count };
  }
}
