import { Injectable } from '@nestjs/common';
import { NotFoundError, TokenError } from '../common/errors/api-errors';
import { Page } from '../common/pagination/page-query.dto';
import { Database } from '../database/database';
import { isDatabaseError } from '../database/dialect/classify-error';
import { toBoolean, toCount, toDate, toNullableString } from '../database/dialect/values';
import { USER_EXISTS } from '../profiles/profiles.statements';
import { CommentRow } from './comment.dto';
import {
  COMMENT_IDS_PAGE,
  COMMENT_KEY,
  COMMENTS_BY_ID,
  COMMENTS_BY_ID_FOR_VIEWER,
  CommentRaw,
  DELETE_COMMENT,
  INSERT_COMMENT,
} from './comments.statements';

export interface CommentKey {
  id: number;
  articleId: number;
  authorId: number;
}

/** An article's comments: a page of ids from (article_id, created_at, id), then those rows in one query. */
@Injectable()
export class CommentsRepository {
  constructor(private readonly database: Database) {}

  async create(articleId: number, authorId: number, body: string): Promise<number> {
    try {
      const result = await this.database.run(INSERT_COMMENT, { articleId, authorId, body, now: new Date() });
      return this.database.insertedId(result);
    } catch (error) {
      // The article was found a moment ago: the reference now missing is the token's user, or the
      // article, deleted while this request ran.
      if (isDatabaseError(error, 'foreign-key')) {
        const authorExists = await this.database.first(USER_EXISTS, { id: authorId });
        throw authorExists ? new NotFoundError('article') : new TokenError('user-gone');
      }
      throw error;
    }
  }

  async findKey(id: number, articleId: number): Promise<CommentKey | null> {
    const raw = await this.database.first(COMMENT_KEY, { id, articleId });
    return raw ? { id: toCount(raw.id), articleId: toCount(raw.articleId), authorId: toCount(raw.authorId) } : null;
  }

  async delete(id: number): Promise<void> {
    await this.database.run(DELETE_COMMENT, { id });
  }

  async list(articleId: number, page: Page, viewerId?: number): Promise<CommentRow[]> {
    const ids = await this.database.rows(COMMENT_IDS_PAGE, { articleId, limit: page.limit, offset: page.offset });
    return this.load(
      ids.map((row) => toCount(row.id)),
      viewerId,
    );
  }

  async findById(id: number, viewerId?: number): Promise<CommentRow | null> {
    const [row] = await this.load([id], viewerId);
    return row ?? null;
  }

  /** The comments with these ids, in this order. */
  private async load(ids: number[], viewerId?: number): Promise<CommentRow[]> {
    if (ids.length === 0) {
      return [];
    }
    const raws = viewerId
      ? await this.database.rows(COMMENTS_BY_ID_FOR_VIEWER, { ids, viewerId })
      : await this.database.rows(COMMENTS_BY_ID, { ids });
    const rows = new Map(raws.map((raw): [number, CommentRow] => [toCount(raw.id), toCommentRow(raw)]));
    return ids.flatMap((id) => rows.get(id) ?? []);
  }
}

const toCommentRow = (raw: CommentRaw): CommentRow => ({
  id: toCount(raw.id),
  body: raw.body,
  createdAt: toDate(raw.createdAt),
  updatedAt: toDate(raw.updatedAt),
  author: {
    username: raw.username,
    bio: toNullableString(raw.bio),
    image: toNullableString(raw.image),
    following: toBoolean(raw.following),
  },
});
