import { Injectable } from '@nestjs/common';
import { ArticlesService } from '../articles/articles.service';
import { ForbiddenError, NotFoundError } from '../common/errors/api-errors';
import { Page } from '../common/pagination/page-query.dto';
import { MultipleCommentsResponse, NewComment, SingleCommentResponse, toComment } from './comment.dto';
import { CommentsRepository } from './comments.repository';

@Injectable()
export class CommentsService {
  constructor(
    private readonly comments: CommentsRepository,
    private readonly articles: ArticlesService,
  ) {}

  async list(slug: string, page: Page, viewerId?: number): Promise<MultipleCommentsResponse> {
    const article = await this.articles.findOrFail(slug);
    const rows = await this.comments.list(article.id, page, viewerId);
    return { comments: rows.map(toComment) };
  }

  async create(userId: number, slug: string, input: NewComment): Promise<SingleCommentResponse> {
    const article = await this.articles.findOrFail(slug);
    const id = await this.comments.create(article.id, userId, input.body);
    const row = await this.comments.findById(id, userId);
    if (!row) {
      throw new NotFoundError('comment');
    }
    return { comment: toComment(row) };
  }

  async delete(userId: number, slug: string, id: number): Promise<void> {
    const article = await this.articles.findOrFail(slug);
    const comment = await this.comments.findKey(id, article.id);
    if (!comment) {
      throw new NotFoundError('comment');
    }
    if (comment.authorId !== userId) {
      throw new ForbiddenError('comment');
    }
    await this.comments.delete(comment.id);
  }
}
