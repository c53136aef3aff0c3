import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtension,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { Authenticated, CurrentUser, OptionalAuth } from '../auth/auth.decorators';
import { ApiForbidden, ApiInvalid, ApiNotFound } from '../common/errors/api-error-responses';
import { InvalidInputError } from '../common/errors/api-errors';
import { BLANK } from '../common/validation/messages';
import { ListCommentsQuery, MultipleCommentsResponse, NewCommentRequest, SingleCommentResponse } from './comment.dto';
import { CommentsService } from './comments.service';

const invalidId = () => new InvalidInputError({ id: ['must be an integer'] });
const commentId = new ParseIntPipe({ exceptionFactory: invalidId });

@ApiTags('Comments')
@Controller('articles/:slug/comments')
@ApiNotFound('article', 'No article has this slug (or, `comment`, no such comment on it)')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  /**
   * An article's comments, newest first.
   */
  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: MultipleCommentsResponse })
  @ApiInvalid('`limit` or `offset` is not valid', { limit: ['must not be greater than 100'] })
  getArticleComments(
    @Param('slug') slug: string,
    @Query() query: ListCommentsQuery,
    @CurrentUser() user?: AuthUser,
  ): Promise<MultipleCommentsResponse> {
    return this.comments.list(slug, query, user?.id);
  }

  /**
   * Comment on an article.
   */
  @Post()
  @Authenticated()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: SingleCommentResponse })
  @ApiExtension('x-codegen-request-body-name', 'comment')
  @ApiInvalid('The body is missing, blank or too long', { body: [BLANK] })
  createArticleComment(
    @Param('slug') slug: string,
    @Body() body: NewCommentRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<SingleCommentResponse> {
    return this.comments.create(user.id, slug, body.comment);
  }

  /**
   * Delete your comment.
   */
  @Delete(':id')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiParam({ name: 'id', type: 'integer', description: 'The comment id' })
  @ApiForbidden('comment', 'Only the comment author may delete it')
  @ApiInvalid('`id` is not an integer', invalidId())
  deleteArticleComment(
    @Param('slug') slug: string,
    @Param('id', commentId) id: number,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.comments.delete(user.id, slug, id);
  }
}
