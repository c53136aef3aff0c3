import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { MaxChars } from '../common/validation/max-chars';
import { IsDefined, IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/pagination/page-query.dto';
import { BLANK } from '../common/validation/messages';
import { trim } from '../common/validation/transforms';
import { Profile } from '../profiles/profile.dto';

export class NewComment {
  /**
   * At most 5 000 characters.
   * @example It takes a Jacobian
   */
  @Transform(trim)
  @MaxChars(5000)
  @MaxLength(5000)
  @IsString()
  @IsNotEmpty({ message: BLANK })
  body!: string;
}

export class NewCommentRequest {
  @IsDefined({ message: BLANK })
  @IsObject({ message: 'comment must be an object' })
  @ValidateNested()
  @Type(() => NewComment)
  comment!: NewComment;
}

export class ListCommentsQuery extends PageQuery {
  /**
   * How many comments to return, 1 to 100.
   * @example 100
   */
  @ApiPropertyOptional({ type: 'integer' })
  override limit: number = 100;
}

export class Comment {
  /** @example 1 */
  @ApiProperty({ type: 'integer' })
  id!: number;
  /** ISO 8601 UTC with milliseconds. */
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  /** ISO 8601 UTC with milliseconds. */
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
  /** @example It takes a Jacobian */
  body!: string;
  author!: Profile;
}

export class SingleCommentResponse {
  comment!: Comment;
}

export class MultipleCommentsResponse {
  /** Newest first. */
  comments!: Comment[];
}

export interface CommentRow {
  id: number;
  body: string;
  createdAt: Date;
  updatedAt: Date;
  author: { username: string; bio: string | null; image: string | null; following: boolean };
}

export const toComment = (row: CommentRow): Comment => ({
  id: row.id,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  body: row.body,
  author: {
    username: row.author.username,
    bio: row.author.bio,
    image: row.author.image,
    following: row.author.following,
  },
});
