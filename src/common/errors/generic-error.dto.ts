import { ApiProperty } from '@nestjs/swagger';

/**
 * The one error shape of the API (RealWorld 2.0.0): lists of messages keyed by the field, the
 * resource (`article`, `profile`, `comment`, `user`), `token`, `credentials`, `route` (an unknown
 * route), or `body` for the request as a whole.
 */
export class GenericErrorModel {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { title: ["can't be blank"] },
  })
  errors!: Record<string, string[]>;
}
