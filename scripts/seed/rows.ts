import { ArticleEntity } from '../../src/articles/article.entity';
import { FavoriteEntity } from '../../src/articles/favorite.entity';
import { makeSlug } from '../../src/articles/slug';
import { CommentEntity } from '../../src/comments/comment.entity';
import { FollowEntity } from '../../src/profiles/follow.entity';
import { ArticleTagEntity } from '../../src/tags/article-tag.entity';
import { TagEntity } from '../../src/tags/tag.entity';
import { UserEntity } from '../../src/users/user.entity';
import { Sizes } from './constants';
import { Plan } from './plan';
import { RandomSource } from './random';
import { Row } from './tables';

const DAY_MS = 86_400_000;

/**
 * Each table's rows, generated as they are written. They draw on one random source in the order the
 * tables are written, so the order of the calls is part of the dataset: keep it.
 */
export class DatasetRows {
  constructor(
    private readonly rng: RandomSource,
    private readonly sizes: Sizes,
    private readonly plan: Plan,
    private readonly end: number,
  ) {}

  *users(passwordHash: string): Generator<Row<UserEntity>> {
    for (let id = 1; id <= this.sizes.users; id++) {
      const created = new Date(this.plan.start - (this.sizes.users - id + 1) * 60_000);
      yield {
        id,
        email: `user${id}@example.com`,
        username: `user${id}`,
        usernameKey: `user${id}`,
        passwordHash,
        bio: id % 3 === 0 ? this.rng.words(5, 20) : null,
        image: id % 4 === 0 ? `https://images.example.com/avatars/${id}.png` : null,
        articlesCount: this.plan.userArticles[id],
        favoritesCount: this.plan.userFavorites[id],
        lastArticleAt: this.plan.userLastArticle[id] > 0 ? new Date(this.plan.userLastArticle[id]) : null,
        createdAt: created,
        updatedAt: created,
      };
    }
  }

  *tags(): Generator<Row<TagEntity>> {
    for (let id = 1; id <= this.sizes.tags; id++) {
      yield { id, name: `tag${id}`, articlesCount: this.plan.tagArticles[id] };
    }
  }

  *articles(): Generator<Row<ArticleEntity>> {
    for (let id = 1; id <= this.sizes.articles; id++) {
      const title = `${this.rng.words(3, 8)} ${id}`;
      const created = new Date(this.plan.articleCreated[id]);
      yield {
        id,
        // The app's slug with a suffix from the id (in the app's alphabet) instead of a random one.
        slug: makeSlug(title, id.toString(36).padStart(6, '0')),
        title,
        description: this.rng.words(8, 16),
        body: this.rng.words(40, 90),
        authorId: this.plan.articleAuthor[id],
        favoritesCount: this.plan.articleFavorites[id],
        createdAt: created,
        updatedAt: created,
      };
    }
  }

  *articleTags(): Generator<Row<ArticleTagEntity>> {
    const pairs = this.plan.articleTags;
    for (let i = 0; i < pairs.length; i += 2) {
      yield {
        articleId: pairs[i],
        tagId: pairs[i + 1],
        articleCreatedAt: new Date(this.plan.articleCreated[pairs[i]]),
      };
    }
  }

  /** Empties the plan's favorites once written: the large dataset's follows need the memory. */
  *favorites(): Generator<Row<FavoriteEntity>> {
    for (const key of this.plan.favorites) {
      const articleId = key % (this.sizes.articles + 1);
      const created = this.plan.articleCreated[articleId];
      yield {
        userId: Math.floor(key / (this.sizes.articles + 1)),
        articleId,
        articleCreatedAt: new Date(created),
        createdAt: new Date(created + 3_600_000),
      };
    }
    this.plan.favorites.clear();
  }

  /** `pairs` from planFollows(), each dated within the seed's last year. */
  *follows(pairs: Set<number>): Generator<Row<FollowEntity>> {
    for (const key of pairs) {
      yield {
        followerId: Math.floor(key / (this.sizes.users + 1)),
        followeeId: key % (this.sizes.users + 1),
        createdAt: new Date(this.end - this.rng.int(0, 365) * DAY_MS),
      };
    }
  }

  /** Busy articles on a long tail, authors uniform, each within 30 days of its article. */
  *comments(): Generator<Row<CommentEntity>> {
    for (let id = 1; id <= this.sizes.comments; id++) {
      const articleId = 1 + this.rng.skewed(this.sizes.articles, 4);
      const created = new Date(this.plan.articleCreated[articleId] + this.rng.int(1, 30 * 86_400) * 1000);
      yield {
        id,
        articleId,
        authorId: 1 + this.rng.skewed(this.sizes.users, 1),
        body: this.rng.words(5, 30),
        createdAt: created,
        updatedAt: created,
      };
    }
  }
}
