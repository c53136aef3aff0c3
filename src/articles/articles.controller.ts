import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtension, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { Authenticated, CurrentUser, OptionalAuth } from '../auth/auth.decorators';
import {
  ApiConflict,
  ApiForbidden,
  ApiInvalid,
  ApiNothingToValidate,
  ApiNotFound,
} from '../common/errors/api-error-responses';
import { BLANK } from '../common/validation/messages';
import {
  FeedArticlesQuery,
  ListArticlesQuery,
  MultipleArticlesResponse,
  NewArticleRequest,
  SingleArticleResponse,
  UpdateArticleRequest,
} from './article.dto';
import { ArticlesService } from './articles.service';

const invalidPage = () =>
  ApiInvalid('`limit` or `offset` is not a valid integer', { limit: ['must not be less than 1'] });
const notFound = () => ApiNotFound('article', 'No article has this slug');
const notAuthor = () => ApiForbidden('article', 'Only the author may do this');

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
  @invalidPage()
  getArticles(@Query() query: ListArticlesQuery, @CurrentUser() user?: AuthUser): Promise<MultipleArticlesResponse> {
    return this.articles.list(query, user?.id);
  }

  /**
   * Articles by the users the current user follows, newest first; without `body`.
   */
  @Get('feed')
  @Authenticated()
  @ApiOkResponse({ type: MultipleArticlesResponse })
  @invalidPage()
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
  @ApiNothingToValidate()
  getArticle(@Param('slug') slug: string, @CurrentUser() user?: AuthUser): Promise<SingleArticleResponse> {
    return this.articles.get(slug, user?.id);
  }

  /**
   * Write an article; its slug comes from the title, with a random suffix that keeps it unique.
   */
  @Post()
  @Authenticated()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: SingleArticleResponse })
  @ApiExtension('x-codegen-request-body-name', 'article')
  @ApiConflict('No unique slug could be made for this title (a clash on every one of 5 random suffixes)', 'slug')
  @ApiInvalid('A field is missing or invalid', { title: [BLANK] })
  createArticle(@Body() body: NewArticleRequest, @CurrentUser() user: AuthUser): Promise<SingleArticleResponse> {
    return this.articles.create(user.id, body.article);
  }

  /**
   * Change your article; a new title makes a new slug, a `tagList` replaces the tags.
   */
  @Put(':slug')
  @Authenticated()
  @ApiOkResponse({ type: SingleArticleResponse })
  @ApiExtension('x-codegen-request-body-name', 'article')
  @notAuthor()
  @notFound()
  @ApiConflict('No unique slug could be made for the new title (a clash on every one of 5 random suffixes)', 'slug')
  @ApiInvalid('A field is invalid or null, or none was given', { tagList: ['must be an array of strings'] })
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
  @ApiNothingToValidate()
  deleteArticle(@Param('slug') slug: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.articles.delete(user.id, slug);
  }
}
