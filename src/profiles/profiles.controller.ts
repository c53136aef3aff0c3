import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { Authenticated, CurrentUser, OptionalAuth } from '../auth/auth.decorators';
import { GenericErrorModel } from '../common/errors/generic-error.dto';
import { ProfileResponse } from './profile.dto';
import { ProfilesService } from './profiles.service';

@ApiTags('Profile')
@Controller('profiles/:username')
@ApiNotFoundResponse({ type: GenericErrorModel, description: 'No user has this username' })
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  /**
   * A user's public profile; `following` is for the current user (false when anonymous).
   */
  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: ProfileResponse })
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
  @ApiUnprocessableEntityResponse({ type: GenericErrorModel, description: 'You cannot follow yourself' })
  followUserByUsername(@Param('username') username: string, @CurrentUser() user: AuthUser): Promise<ProfileResponse> {
    return this.profiles.follow(user.id, username);
  }

  /**
   * Unfollow a user (idempotent).
   */
  @Delete('follow')
  @Authenticated()
  @ApiOkResponse({ type: ProfileResponse })
  unfollowUserByUsername(@Param('username') username: string, @CurrentUser() user: AuthUser): Promise<ProfileResponse> {
    return this.profiles.unfollow(user.id, username);
  }
}
