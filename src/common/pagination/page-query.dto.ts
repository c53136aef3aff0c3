import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/**
 * `limit` and `offset` of every list: integers, anything else (decimals, words, repeats) is a 422.
 * Both may be left out (their defaults apply), which the explicit `required: false` documents.
 */
export class PageQuery {
  /**
   * How many items to return, 1 to 100.
   * @example 20
   */
  @ApiPropertyOptional({ type: 'integer' })
  @Type(() => Number)
  @Min(1)
  @Max(100)
  @IsInt()
  limit: number = 20;

  /**
   * How many items to skip, 0 or more.
   * @example 0
   */
  @ApiPropertyOptional({ type: 'integer' })
  @Type(() => Number)
  @Min(0)
  @Max(1_000_000_000)
  @IsInt()
  offset: number = 0;
}

export interface Page {
  limit: number;
  offset: number;
}
