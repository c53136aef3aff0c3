import { ApiProperty, PartialType } from '@nestjs/swagger';
import { MaxChars } from '../common/validation/max-chars';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination/page-query.dto';
import { BLANK } from '../common/validation/messages';
import { Omittable } from '../common/validation/omittable';
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
  @MaxChars(200)
  @MaxLength(200)
  @IsString()
  @IsNotEmpty({ message: BLANK })
  title!: string;

  /** @example Ever wonder how? */
  @Transform(trim)
  @MaxChars(500)
  @MaxLength(500)
  @IsString()
  @IsNotEmpty({ message: BLANK })
  description!: string;

  /**
   * Markdown text, at most 16 000 characters.
   * @example You have to believe
   */
  @MaxChars(16000)
  @MaxLength(16000)
  @IsString()
  @IsNotEmpty({ message: BLANK })
  body!: string;

  /**
   * Up to 10 tags of at most 40 characters; stored trimmed and lowercased, listed alphabetically.
   * @example ["dragons", "training"]
   */
  @Transform(normalizeTags)
  @Omittable()
  @ArrayMaxSize(10)
  @IsNotEmpty({ each: true, message: TAG_RULE })
  @MaxChars(40, { each: true, message: TAG_RULE })
  @MaxLength(40, { each: true, message: TAG_RULE })
  @IsString({ each: true, message: TAG_RULE })
  @IsArray({ message: 'tagList must be an array of strings' })
  tagList?: string[];
}

export class NewArticleRequest {
  @IsDefined({ message: BLANK })
  @IsObject({ message: 'article must be an object' })
  @ValidateNested()
  @Type(() => NewArticle)
  article!: NewArticle;
}

/** Every field optional, none nullable: `"tagList": null` is a 422 (send `[]` to remove the tags). */
export class UpdateArticle extends PartialType(NewArticle, { skipNullProperties: false }) {}

export class UpdateArticleRequest {
  /** At least one field; `tagList` replaces the tags, leaving it out keeps them. */
  @IsDefined({ message: BLANK })
  @IsObject({ message: 'article must be an object' })
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

/** An article as lists and the feed show it: everything but the `body`. */
export class ArticlePreview {
  /** @example how-to-train-your-dragon-x3k9qa */
  slug!: string;
  /** @example How to train your dragon */
  title!: string;
  /** @example Ever wonder how? */
  description!: string;
  /** Sorted alphabetically. */
  tagList!: string[];
  /** ISO 8601 UTC with milliseconds. */
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  /** ISO 8601 UTC with milliseconds. */
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
  /** Whether the current user favorited it; false when anonymous. */
  favorited!: boolean;
  /** @example 0 */
  @ApiProperty({ type: 'integer' })
  favoritesCount!: number;
  author!: Profile;
}

export class Article extends ArticlePreview {
  /** @example You have to believe */
  body!: string;
}

export class SingleArticleResponse {
  article!: Article;
}

export class MultipleArticlesResponse {
  /** Newest first, without `body`. */
  articles!: ArticlePreview[];
  /** How many articles match the filters in all (not the page size). */
  @ApiProperty({ type: 'integer' })
  articlesCount!: number;
}

/** An article as the repository reads it for a viewer (lists leave out the body). */
export interface ArticleRow {
  id: number;
  slug: string;
  title: string;
  description: string;
  tagList: string[];
  createdAt: Date;
  updatedAt: Date;
  favorited: boolean;
  favoritesCount: number;
  author: { id: number; username: string; bio: string | null; image: string | null; following: boolean };
}

export type ArticleWithBodyRow = ArticleRow & { body: string };

export const toArticlePreview = (row: ArticleRow): ArticlePreview => ({
  slug: row.slug,
  title: row.title,
  description: row.description,
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

export const toArticle = (row: ArticleWithBodyRow): Article => ({ ...toArticlePreview(row), body: row.body });
