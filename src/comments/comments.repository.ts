import { Injectable } from '@nestjs/common';
import { NotFoundError, TokenError } from '../common/errors/api-errors';
import { isForeignKeyViolation } from '../common/database/unique-violation';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toBoolean, toDate } from '../common/database/raw';
import { StatementCache } from '../common/database/statement-cache';
import { Page } from '../common/pagination/page-query.dto';
import { followingExpression } from '../profiles/profiles.repository';
import { UserEntity } from '../users/user.entity';
import { CommentRow } from './comment.dto';
import { CommentEntity } from './comment.entity';

export interface CommentKey {
  id: number;
  articleId: number;
  authorId: number;
}

/** An article's comments: a page of ids from (article_id, created_at, id), then those rows in one query. */
@Injectable()
export class CommentsRepository {
  private readonly statements: StatementCache;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.statements = new StatementCache(dataSource);
  }

  async create(articleId: number, authorId: number, body: string): Promise<number> {
    const now = new Date();
    try {
      const { identifiers } = await this.dataSource
        .getRepository(CommentEntity)
        .insert({ articleId, authorId, body, createdAt: now, updatedAt: now });
      return Number(identifiers[0].id);
    } catch (error) {
      // The article was found a moment ago: the reference now missing is the token's user, or the
      // article, deleted while this request ran.
      if (isForeignKeyViolation(error)) {
        const authorExists = await this.dataSource.getRepository(UserEntity).existsBy({ id: authorId });
        throw authorExists ? new NotFoundError('article') : new TokenError('user-gone');
      }
      throw error;
    }
  }

  async findKey(id: number, articleId: number): Promise<CommentKey | null> {
    const comment = await this.dataSource.getRepository(CommentEntity).findOne({
      select: { id: true, articleId: true, authorId: true },
      where: { id, articleId },
    });
    return comment ? { id: comment.id, articleId: comment.articleId, authorId: comment.authorId } : null;
  }

  async delete(id: number): Promise<void> {
    await this.dataSource.getRepository(CommentEntity).delete({ id });
  }

  async list(articleId: number, page: Page, viewerId?: number): Promise<CommentRow[]> {
    // LIMIT and OFFSET as placeholders (the builder's limit() writes numbers): one kept SQL text for every page.
    const ids = await this.statements.rows<{ id: number | string }>(
      'page of ids',
      () =>
        this.dataSource
          .createQueryBuilder()
          .select('c.id', 'id')
          .from(CommentEntity, 'c')
          .where('c.article_id = :articleId')
          .orderBy('c.created_at', 'DESC')
          .addOrderBy('c.id', 'DESC')
          .getQuery() + ' LIMIT :limit OFFSET :offset',
      { articleId, limit: page.limit, offset: page.offset },
    );
    return this.load(
      ids.map((row) => Number(row.id)),
      viewerId,
    );
  }

  async findById(id: number, viewerId?: number): Promise<CommentRow | null> {
    const [row] = await this.load([id], viewerId);
    return row ?? null;
  }

  private async load(ids: number[], viewerId?: number): Promise<CommentRow[]> {
    if (ids.length === 0) {
      return [];
    }
    const raws = await this.statements.rows<Record<string, unknown>>(
      `comments by id${viewerId ? ', for a viewer' : ''}`,
      () =>
        this.dataSource
          .createQueryBuilder()
          .select('c.id', 'id')
          .addSelect('c.body', 'body')
          .addSelect('c.created_at', 'createdAt')
          .addSelect('c.updated_at', 'updatedAt')
          .addSelect('u.username', 'username')
          .addSelect('u.bio', 'bio')
          .addSelect('u.image', 'image')
          .addSelect(viewerId ? followingExpression('c.author_id') : '0', 'following')
          .from(CommentEntity, 'c')
          .innerJoin(UserEntity, 'u', 'u.id = c.author_id')
          .where('c.id IN (:...ids)'),
      { ids, viewerId: viewerId ?? 0 },
    );
    const rows = new Map(
      raws.map((raw): [number, CommentRow] => [
        Number(raw.id),
        {
          id: Number(raw.id),
          body: String(raw.body),
          createdAt: toDate(raw.createdAt as Date | string),
          updatedAt: toDate(raw.updatedAt as Date | string),
          author: {
            username: String(raw.username),
            bio: (raw.bio as string | null) ?? null,
            image: (raw.image as string | null) ?? null,
            following: toBoolean(raw.following),
          },
        },
      ]),
    );
    return ids.flatMap((id) => rows.get(id) ?? []);
  }
}
