import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination/page-query.dto';
import { Database } from '../database/database';
import { toCount } from '../database/dialect/values';
import { ArticleRow } from './article.dto';
import { ARTICLES_COUNTER } from './queries/counters';
import { toArticleRow } from './queries/article-columns';
import { ListFilters, listPageStatement, ListParameters, listTotalStatement } from './queries/list.statements';

/**
 * Lists of articles: a page and its total in one statement (see list.statements.ts). The total
 * comes from counters kept in the same transactions as the rows they count; an empty page (past
 * the end, or a name that matches nothing) asks for its total alone.
 */
@Injectable()
export class ArticleListRepository {
  constructor(private readonly database: Database) {}

  async list(filters: ListFilters, page: Page, viewerId?: number): Promise<{ rows: ArticleRow[]; count: number }> {
    const keys = {
      tag: filters.tag?.toLowerCase(),
      author: filters.author?.toLowerCase(),
      favorited: filters.favorited?.toLowerCase(),
    };
    const shape = {
      tag: keys.tag !== undefined,
      author: keys.author !== undefined,
      favorited: keys.favorited !== undefined,
    };
    const parameters: ListParameters = {
      ...Object.fromEntries(Object.entries(keys).filter((entry): entry is [string, string] => entry[1] !== undefined)),
      counter: ARTICLES_COUNTER,
      viewerId: viewerId ?? 0,
      limit: page.limit,
      offset: page.offset,
    };
    const raws = await this.database.rows(listPageStatement(shape, viewerId ? 'viewer' : 'anonymous'), parameters);
    if (raws.length === 0) {
      const total = await this.database.first(listTotalStatement(shape), parameters);
      return { rows: [], count: toCount(total?.total) };
    }
    return { rows: raws.map(toArticleRow), count: toCount(raws[0].total) };
  }
}
