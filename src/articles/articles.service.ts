import { Injectable } from '@nestjs/common';
import { AlreadyTakenError, ForbiddenError, NotFoundError } from '../common/errors/api-errors';
import { Page } from '../common/pagination/page-query.dto';
import { requireSomeField } from '../common/validation/require-some-field';
import {
  ListArticlesQuery,
  MultipleArticlesResponse,
  NewArticle,
  SingleArticleResponse,
  toArticle,
  toArticlePreview,
  UpdateArticle,
} from './article.dto';
import { ArticleListRepository } from './article-list.repository';
import { ArticleWriteRepository } from './article-write.repository';
import { ArticleRepository } from './article.repository';
import { ArticleChanges, ArticleGoneError, ArticleKey, DuplicateSlugError } from './article.types';
import { FeedRepository } from './feed.repository';
import { makeSlug } from './slug';

const SLUG_ATTEMPTS = 5;

@Injectable()
export class ArticlesService {
  constructor(
    private readonly articles: ArticleRepository,
    private readonly lists: ArticleListRepository,
    private readonly feeds: FeedRepository,
    private readonly writes: ArticleWriteRepository,
  ) {}

  async list(query: ListArticlesQuery, viewerId?: number): Promise<MultipleArticlesResponse> {
    const { tag, author, favorited, limit, offset } = query;
    const { rows, count } = await this.lists.list({ tag, author, favorited }, { limit, offset }, viewerId);
    return { articles: rows.map(toArticlePreview), articlesCount: count };
  }

  async feed(userId: number, page: Page): Promise<MultipleArticlesResponse> {
    const { rows, count } = await this.feeds.feed(userId, page);
    return { articles: rows.map(toArticlePreview), articlesCount: count };
  }

  async get(slug: string, viewerId?: number): Promise<SingleArticleResponse> {
    const row = await this.articles.findBySlug(slug, viewerId);
    if (!row) {
      throw new NotFoundError('article');
    }
    return { article: toArticle(row) };
  }

  async create(authorId: number, input: NewArticle): Promise<SingleArticleResponse> {
    const id = await this.withFreshSlug(input.title, (slug) =>
      this.writes.create(authorId, {
        slug,
        title: input.title,
        description: input.description,
        body: input.body,
        tagList: uniqueTags(input.tagList),
      }),
    );
    return this.respond(id, authorId);
  }

  async update(userId: number, slug: string, input: UpdateArticle): Promise<SingleArticleResponse> {
    requireSomeField('article', input, ['title', 'description', 'body', 'tagList']);
    const article = await this.findOwnOrFail(userId, slug);
    const changes: ArticleChanges = {};
    if (input.description !== undefined) {
      changes.description = input.description;
    }
    if (input.body !== undefined) {
      changes.body = input.body;
    }
    const tagList = input.tagList === undefined ? undefined : uniqueTags(input.tagList);
    const update = (newSlug?: string) =>
      this.writes.update(
        article.id,
        newSlug === undefined ? changes : { ...changes, title: input.title, slug: newSlug },
        tagList,
      );
    // Editors resend the whole form: only a title that really changes makes a new slug.
    const updated =
      input.title === undefined || input.title === article.title
        ? await update()
        : await this.withFreshSlug(input.title, (newSlug) => update(newSlug));
    if (!updated) {
      throw new NotFoundError('article');
    }
    return this.respond(article.id, userId);
  }

  async delete(userId: number, slug: string): Promise<void> {
    const article = await this.findOwnOrFail(userId, slug);
    await this.writes.delete(article.id);
  }

  async favorite(userId: number, slug: string): Promise<SingleArticleResponse> {
    const article = await this.findOrFail(slug);
    try {
      await this.writes.favorite(userId, article);
    } catch (error) {
      throw error instanceof ArticleGoneError ? new NotFoundError('article') : error;
    }
    return this.respond(article.id, userId);
  }

  async unfavorite(userId: number, slug: string): Promise<SingleArticleResponse> {
    const article = await this.findOrFail(slug);
    await this.writes.unfavorite(userId, article.id);
    return this.respond(article.id, userId);
  }

  /** For other modules (comments): the article's id and author, or a 404. */
  findOrFail(slug: string): Promise<ArticleKey> {
    return this.articles.findKeyBySlug(slug).then((article) => {
      if (!article) {
        throw new NotFoundError('article');
      }
      return article;
    });
  }

  private async findOwnOrFail(userId: number, slug: string): Promise<ArticleKey> {
    const article = await this.findOrFail(slug);
    if (article.authorId !== userId) {
      throw new ForbiddenError('article');
    }
    return article;
  }

  private async respond(id: number, viewerId: number): Promise<SingleArticleResponse> {
    const row = await this.articles.findById(id, viewerId);
    if (!row) {
      throw new NotFoundError('article');
    }
    return { article: toArticle(row) };
  }

  /**
   * The slug's random suffix makes a clash rare; on one, try again with another suffix. Clashing
   * every time is the spec's 409 for the slug.
   */
  private async withFreshSlug<T>(title: string, write: (slug: string) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write(makeSlug(title));
      } catch (error) {
        if (!(error instanceof DuplicateSlugError)) {
          throw error;
        }
        if (attempt >= SLUG_ATTEMPTS) {
          throw new AlreadyTakenError(['slug']);
        }
      }
    }
  }
}

const uniqueTags = (tags: string[] | undefined): string[] => [...new Set(tags ?? [])].sort();
