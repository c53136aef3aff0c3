import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
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
import {
  FeedArticlesQuery,
  ListArticlesQuery,
  MultipleArticlesResponse,
  NewArticleRequest,
  SingleArticleResponse,
  UpdateArticleRequest,
} from './article.dto';
import { ArticlesService } from './articles.service';

const invalid = (description: string) => ApiUnprocessableEntityResponse({ type: GenericErrorModel, description });
const notFound = () => ApiNotFoundResponse({ type: GenericErrorModel, description: 'No article has this slug' });
const notAuthor = () => ApiForbiddenResponse({ type: GenericErrorModel, description: 'Only the author may do this' });

@ApiTags('Articles')
@Controller('articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  /**
   * Articles newest first, filtered by tag, author and/or the user who favorited them; without `body`.
   */
  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: MultipleArticlesResponse })
  @invalid('`limit` or `offset` is not a valid integer')
  getArticles(@Query() query: ListArticlesQuery, @CurrentUser() user?: AuthUser): Promise<MultipleArticlesResponse> {
    return this.articles.list(query, user?.id);
  }

  /**
   * Articles by the users the current user follows, newest first; without `body`.
   */
  @Get('feed')
  @Authenticated()
  @ApiOkResponse({ type: MultipleArticlesResponse })
  @invalid('`limit` or `offset` is not a valid integer')
  getArticlesFeed(@Query() query: FeedArticlesQuery, @CurrentUser() user: AuthUser): Promise<MultipleArticlesResponse> {
    return this.articles.feed(user.id, query);
  }

  /**
   * One article, with its body.
   */
  @Get(':slug')
  @OptionalAuth()
  @ApiOkResponse({ type: SingleArticleResponse })
  @notFound()
  getArticle(@Param('slug') slug: string, @CurrentUser() user?: AuthUser): Promise<SingleArticleResponse> {
    return this.articles.get(slug, user?.id);
  }

  /**
   * Write an article; its slug comes from the title.
   */
  @Post()
  @Authenticated()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: SingleArticleResponse })
  @invalid('A field is missing or invalid')
  createArticle(@Body() body: NewArticleRequest, @CurrentUser() user: AuthUser): Promise<SingleArticleResponse> {
    return this.articles.create(user.id, body.article);
  }

  /**
   * Change your article; a new title makes a new slug, a `tagList` replaces the tags.
   */
  @Put(':slug')
  @Authenticated()
  @ApiOkResponse({ type: SingleArticleResponse })
  @notAuthor()
  @notFound()
  @invalid('A field is invalid, or none was given')
  updateArticle(
    @Param('slug') slug: string,
    @Body() body: UpdateArticleRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<SingleArticleResponse> {
    return this.articles.update(user.id, slug, body.article);
  }

  /**
   * Delete your article, with its comments and favorites.
   */
  @Delete(':slug')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted' })
  @notAuthor()
  @notFound()
  deleteArticle(@Param('slug') slug: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.articles.delete(user.id, slug);
  }

  /**
   * Favorite an article (idempotent).
   */
  @Post(':slug/favorite')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SingleArticleResponse })
  @notFound()
  createArticleFavorite(@Param('slug') slug: string, @CurrentUser() user: AuthUser): Promise<SingleArticleResponse> {
    return this.articles.favorite(user.id, slug);
  }

  /**
   * Remove a favorite (idempotent).
   */
  @Delete(':slug/favorite')
  @Authenticated()
  @ApiOkResponse({ type: SingleArticleResponse })
  @notFound()
  deleteArticleFavorite(@Param('slug') slug: string, @CurrentUser() user: AuthUser): Promise<SingleArticleResponse> {
    return this.articles.unfavorite(user.id, slug);
  }
}
