import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { Authenticated, CurrentUser, OptionalAuth } from '../auth/auth.decorators';
import { ApiInvalid, ApiNothingToValidate, ApiNotFound } from '../common/errors/api-error-responses';
import { SelfFollowError } from '../common/errors/api-errors';
import { ProfileResponse } from './profile.dto';
import { ProfilesService } from './profiles.service';

@ApiTags('Profile')
@Controller('profiles/:username')
@ApiNotFound('profile', 'No user has this username')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  /**
   * A user's public profile; `following` is for the current user (false when anonymous).
   */
  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: ProfileResponse })
  @ApiNothingToValidate()
  getProfileByUsername(@Param('username') username: string, @CurrentUser() user?: AuthUser): Promise<ProfileResponse> {
    return this.profiles.getProfile(username, user?.id);
  }

  /**
   * Follow a user (idempotent: following twice is fine).
   */
  @Post('follow')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ProfileResponse })
  @ApiInvalid('You cannot follow yourself', new SelfFollowError())
  followUserByUsername(@Param('username') username: string, @CurrentUser() user: AuthUser): Promise<ProfileResponse> {
    return this.profiles.follow(user.id, username);
  }

  /**
   * Unfollow a user (idempotent).
   */
  @Delete('follow')
  @Authenticated()
  @ApiOkResponse({ type: ProfileResponse })
  @ApiNothingToValidate()
  unfollowUserByUsername(@Param('username') username: string, @CurrentUser() user: AuthUser): Promise<ProfileResponse> {
    return this.profiles.unfollow(user.id, username);
  }
}
