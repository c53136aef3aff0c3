import { Controller, Delete, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { Authenticated, CurrentUser } from '../auth/auth.decorators';
import { ApiNothingToValidate, ApiNotFound } from '../common/errors/api-error-responses';
import { SingleArticleResponse } from './article.dto';
import { ArticlesService } from './articles.service';

@ApiTags('Favorites')
@Controller('articles/:slug/favorite')
@Authenticated()
@ApiNotFound('article', 'No article has this slug')
@ApiNothingToValidate()
export class FavoritesController {
  constructor(private readonly articles: ArticlesService) {}

  /**
   * Favorite an article (idempotent).
   */
  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SingleArticleResponse })
  createArticleFavorite(@Param('slug') slug: string, @CurrentUser() user: AuthUser): Promise<SingleArticleResponse> {
    return this.articles.favorite(user.id, slug);
  }

  /**
   * Remove a favorite (idempotent).
   */
  @Delete()
  @ApiOkResponse({ type: SingleArticleResponse })
  deleteArticleFavorite(@Param('slug') slug: string, @CurrentUser() user: AuthUser): Promise<SingleArticleResponse> {
    return this.articles.unfavorite(user.id, slug);
  }
}
