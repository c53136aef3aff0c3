import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
  Query,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { Authenticated, CurrentUser, OptionalAuth } from '../auth/auth.decorators';
import { GenericErrorModel } from '../common/errors/generic-error.dto';
import { ListCommentsQuery, MultipleCommentsResponse, NewCommentRequest, SingleCommentResponse } from './comment.dto';
import { CommentsService } from './comments.service';

const commentId = new ParseIntPipe({
  exceptionFactory: () => new UnprocessableEntityException('id must be an integer'),
});

@ApiTags('Comments')
@Controller('articles/:slug/comments')
@ApiNotFoundResponse({ type: GenericErrorModel, description: 'No article has this slug (or no such comment)' })
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  /**
   * An article's comments, newest first.
   */
  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: MultipleCommentsResponse })
  @ApiUnprocessableEntityResponse({ type: GenericErrorModel, description: '`limit` or `offset` is not valid' })
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
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SingleCommentResponse })
  @ApiUnprocessableEntityResponse({ type: GenericErrorModel, description: 'The body is missing or too long' })
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
  @ApiForbiddenResponse({ type: GenericErrorModel, description: 'Only the comment author may delete it' })
  @ApiUnprocessableEntityResponse({ type: GenericErrorModel, description: '`id` is not an integer' })
  deleteArticleComment(
    @Param('slug') slug: string,
    @Param('id', commentId) id: number,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    return this.comments.delete(user.id, slug, id);
  }
}
