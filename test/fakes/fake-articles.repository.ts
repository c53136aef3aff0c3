import { ArticleRow, ArticleWithBodyRow } from '../../src/articles/article.dto';
import { ArticleListRepository } from '../../src/articles/article-list.repository';
import { ArticleWriteRepository } from '../../src/articles/article-write.repository';
import { ArticleRepository } from '../../src/articles/article.repository';
import { ArticleChanges, ArticleKey, DuplicateSlugError, NewArticleRow } from '../../src/articles/article.types';
import { FeedRepository } from '../../src/articles/feed.repository';
import { ListFilters } from '../../src/articles/queries/list.statements';
import { Page } from '../../src/common/pagination/page-query.dto';

interface StoredArticle extends NewArticleRow {
  id: number;
  authorId: number;
  createdAt: Date;
  updatedAt: Date;
  favoritedBy: Set<number>;
}

type Public<T> = Pick<T, keyof T>;
type Repositories = Public<ArticleRepository> &
  Public<ArticleListRepository> &
  Public<FeedRepository> &
  Public<ArticleWriteRepository>;

/** The article repositories in memory, with the unique-slug rule of the database. */
export class FakeArticlesRepository implements Repositories {
  readonly rows: StoredArticle[] = [];
  private nextId = 1;

  findKeyBySlug(slug: string): Promise<ArticleKey | null> {
    const row = this.rows.find((article) => article.slug === slug);
    return Promise.resolve(
      row ? { id: row.id, authorId: row.authorId, title: row.title, createdAt: row.createdAt } : null,
    );
  }

  findById(id: number, viewerId?: number): Promise<ArticleWithBodyRow | null> {
    const row = this.rows.find((article) => article.id === id);
    return Promise.resolve(row ? this.toRow(row, viewerId) : null);
  }

  findBySlug(slug: string, viewerId?: number): Promise<ArticleWithBodyRow | null> {
    const row = this.rows.find((article) => article.slug === slug);
    return Promise.resolve(row ? this.toRow(row, viewerId) : null);
  }

  list(_filter: ListFilters, page: Page, viewerId?: number): Promise<{ rows: ArticleRow[]; count: number }> {
    const all = [...this.rows].reverse();
    return Promise.resolve({
      rows: all.slice(page.offset, page.offset + page.limit).map((row) => this.toRow(row, viewerId)),
      count: all.length,
    });
  }

  feed(): Promise<{ rows: ArticleRow[]; count: number }> {
    return Promise.resolve({ rows: [], count: 0 });
  }

  create(authorId: number, input: NewArticleRow): Promise<number> {
    this.claimSlug(input.slug);
    const now = new Date();
    const id = this.nextId++;
    this.rows.push({ ...input, id, authorId, createdAt: now, updatedAt: now, favoritedBy: new Set() });
    return Promise.resolve(id);
  }

  update(id: number, changes: ArticleChanges, tagList?: string[]): Promise<boolean> {
    const row = this.rows.find((article) => article.id === id);
    if (!row) {
      return Promise.resolve(false);
    }
    if (changes.slug !== undefined) {
      this.claimSlug(changes.slug);
    }
    Object.assign(row, changes, tagList ? { tagList } : {}, { updatedAt: new Date() });
    return Promise.resolve(true);
  }

  delete(id: number): Promise<boolean> {
    const index = this.rows.findIndex((article) => article.id === id);
    if (index >= 0) {
      this.rows.splice(index, 1);
    }
    return Promise.resolve(index >= 0);
  }

  favorite(userId: number, article: ArticleKey): Promise<void> {
    this.rows.find((row) => row.id === article.id)?.favoritedBy.add(userId);
    return Promise.resolve();
  }

  unfavorite(userId: number, articleId: number): Promise<void> {
    this.rows.find((row) => row.id === articleId)?.favoritedBy.delete(userId);
    return Promise.resolve();
  }

  private claimSlug(slug: string): void {
    if (this.rows.some((row) => row.slug === slug)) {
      throw new DuplicateSlugError();
    }
  }

  private toRow(row: StoredArticle, viewerId?: number): ArticleWithBodyRow {
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      description: row.description,
      body: row.body,
      tagList: row.tagList,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      favorited: viewerId !== undefined && row.favoritedBy.has(viewerId),
      favoritesCount: row.favoritedBy.size,
      author: { id: row.authorId, username: `user${row.authorId}`, bio: null, image: null, following: false },
    };
  }
}
