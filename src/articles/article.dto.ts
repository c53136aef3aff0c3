import { PartialType } from '@nestjs/swagger';
import { MaxChars } from '../common/validation/max-chars';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsNotEmpty,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination/page-query.dto';
import { NoNullFields } from '../common/validation/no-null-fields';
import { trim } from '../common/validation/transforms';
import { Profile } from '../profiles/profile.dto';

/** Tags are trimmed and lowercased, so `React` and ` react ` are one tag. */
const normalizeTags = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value)
    ? (value as unknown[]).map((tag) => (typeof tag === 'string' ? tag.trim().toLowerCase() : tag))
    : value;

const TAG_RULE = 'tagList must hold strings of 1 to 40 characters';

// Literal bounds (the Swagger plugin documents only literals); each fits its column in article.entity.ts.
export class NewArticle {
  /** @example How to train your dragon */
  @Transform(trim)
  @IsNotEmpty()
  @MaxChars(200)
  @MaxLength(200)
  @IsString()
  title!: string;

  /** @example Ever wonder how? */
  @Transform(trim)
  @IsNotEmpty()
  @MaxChars(500)
  @MaxLength(500)
  @IsString()
  description!: string;

  /**
   * Markdown text, at most 16 000 characters.
   * @example You have to believe
   */
  @IsNotEmpty()
  @MaxChars(16000)
  @MaxLength(16000)
  @IsString()
  body!: string;

  /**
   * Up to 10 tags of at most 40 characters; stored trimmed and lowercased, listed alphabetically.
   * @example ["dragons", "training"]
   */
  @Transform(normalizeTags)
  @IsOptional()
  @ArrayMaxSize(10)
  @IsNotEmpty({ each: true, message: TAG_RULE })
  @MaxChars(40, { each: true, message: TAG_RULE })
  @MaxLength(40, { each: true, message: TAG_RULE })
  @IsArray()
  @IsString({ each: true, message: TAG_RULE })
  tagList?: string[];
}

export class NewArticleRequest {
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => NewArticle)
  article!: NewArticle;
}

export class UpdateArticle extends PartialType(NewArticle) {}

export class UpdateArticleRequest {
  /** At least one field; `tagList` replaces the tags, leaving it out keeps them. */
  @IsDefined()
  @IsNotEmptyObject(undefined, { message: 'article must contain at least one field to update' })
  @NoNullFields()
  @ValidateNested()
  @Type(() => UpdateArticle)
  article!: UpdateArticle;
}

// Filters name things: a name that cannot exist (too long for its column) is simply unknown, which
// API.md answers with an empty list, so these bounds only keep absurd inputs out.
export class ListArticlesQuery extends PageQuery {
  /**
   * Only articles with this tag (exact, case-insensitive).
   * @example dragons
   */
  @Transform(trim)
  @IsOptional()
  @MaxLength(200)
  @IsString()
  tag?: string;

  /**
   * Only articles by this username.
   * @example jake
   */
  @IsOptional()
  @MaxLength(200)
  @IsString()
  author?: string;

  /**
   * Only articles favorited by this username.
   * @example jake
   */
  @IsOptional()
  @MaxLength(200)
  @IsString()
  favorited?: string;
}

export class FeedArticlesQuery extends PageQuery {}

export class Article {
  /** @example how-to-train-your-dragon-x3k9qa */
  slug!: string;
  /** @example How to train your dragon */
  title!: string;
  /** @example Ever wonder how? */
  description!: string;
  /** Absent in lists and the feed. */
  body?: string;
  /** Sorted alphabetically. */
  tagList!: string[];
  /** ISO 8601 UTC with milliseconds. */
  createdAt!: string;
  /** ISO 8601 UTC with milliseconds. */
  updatedAt!: string;
  /** Whether the current user favorited it; false when anonymous. */
  favorited!: boolean;
  /** @example 0 */
  favoritesCount!: number;
  author!: Profile;
}

export class SingleArticleResponse {
  article!: Article;
}

export class MultipleArticlesResponse {
  /** Newest first, without `body`. */
  articles!: Article[];
  /** How many articles match the filters in all (not the page size). */
  articlesCount!: number;
}

/** An article as the repository reads it for a viewer. */
export interface ArticleRow {
  id: number;
  slug: string;
  title: string;
  description: string;
  body?: string;
  tagList: string[];
  createdAt: Date;
  updatedAt: Date;
  favorited: boolean;
  favoritesCount: number;
  author: { id: number; username: string; bio: string | null; image: string | null; following: boolean };
}

export const toArticle = (row: ArticleRow): Article => ({
  slug: row.slug,
  title: row.title,
  description: row.description,
  ...(row.body === undefined ? {} : { body: row.body }),
  tagList: [...row.tagList].sort(),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  favorited: row.favorited,
  favoritesCount: row.favoritesCount,
  author: {
    username: row.author.username,
    bio: row.author.bio,
    image: row.author.image,
    following: row.author.following,
  },
});
