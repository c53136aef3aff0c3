import { UnauthorizedException } from '@nestjs/common';

export const USER_GONE_MESSAGE = 'token refers to a user that no longer exists';

/**
 * The token's signature is valid but its user has been deleted: the guard cannot know (it never
 * reads the database), so whatever write finds the user missing throws this 401.
 */
export class UserGoneError extends UnauthorizedException {
  constructor() {
    super(USER_GONE_MESSAGE);
  }
}
