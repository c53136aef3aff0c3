import { ArticleEntity } from './article.entity';

/** What the service checks before a write. */
export interface ArticleKey {
  id: number;
  authorId: number;
  title: string;
  createdAt: Date;
}

export interface NewArticleRow {
  slug: string;
  title: string;
  description: string;
  body: string;
  tagList: string[];
}

export type ArticleChanges = Partial<Pick<ArticleEntity, 'slug' | 'title' | 'description' | 'body'>>;

/** Another article already has this slug (the unique index said so). */
export class DuplicateSlugError extends Error {}

/** The favorite found the article gone (deleted meanwhile). */
export class ArticleGoneError extends Error {}
