import { Module } from '@nestjs/common';
import { ArticlesController } from './articles.controller';
import { ArticleListRepository } from './article-list.repository';
import { ArticleWriteRepository } from './article-write.repository';
import { ArticleRepository } from './article.repository';
import { ArticlesService } from './articles.service';
import { FavoritesController } from './favorites.controller';
import { FeedRepository } from './feed.repository';

@Module({
  controllers: [ArticlesController, FavoritesController],
  providers: [ArticleRepository, ArticleListRepository, FeedRepository, ArticleWriteRepository, ArticlesService],
  exports: [ArticlesService],
})
export class ArticlesModule {}
