import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { ArticleWithBodyRow } from './article.dto';
import { ArticleKey } from './article.types';
import { ArticleWithBodyRaw, toArticleRow } from './queries/article-columns';
import { ARTICLE_BY_ID, ARTICLE_BY_SLUG, KEY_BY_SLUG, toArticleKey } from './queries/one-article.statements';

/** One article: its key before a write, or the whole of it as a viewer sees it, in one statement. */
@Injectable()
export class ArticleRepository {
  constructor(private readonly database: Database) {}

  async findKeyBySlug(slug: string): Promise<ArticleKey | null> {
    const raw = await this.database.first(KEY_BY_SLUG, { slug });
    return raw ? toArticleKey(raw) : null;
  }

  async findById(id: number, viewerId?: number): Promise<ArticleWithBodyRow | null> {
    return withBody(
      viewerId
        ? await this.database.first(ARTICLE_BY_ID.viewer, { id, viewerId })
        : await this.database.first(ARTICLE_BY_ID.anonymous, { id }),
    );
  }

  async findBySlug(slug: string, viewerId?: number): Promise<ArticleWithBodyRow | null> {
    return withBody(
      viewerId
        ? await this.database.first(ARTICLE_BY_SLUG.viewer, { slug, viewerId })
        : await this.database.first(ARTICLE_BY_SLUG.anonymous, { slug }),
    );
  }
}

const withBody = (raw: ArticleWithBodyRaw | undefined): ArticleWithBodyRow | null =>
  raw ? { ...toArticleRow(raw), body: String(raw.body) } : null;
