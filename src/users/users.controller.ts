import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { Authenticated, CurrentUser, Public } from '../auth/auth.decorators';
import { GenericErrorModel } from '../common/errors/generic-error.dto';
import { LoginUserRequest, NewUserRequest, UpdateUserRequest, UserResponse } from './user.dto';
import { UsersService } from './users.service';
import { AuthRateLimit } from '../rate-limit/rate-limit.decorators';

@ApiTags('User and Authentication')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /**
   * Log in with email and password; answers the user with a fresh token. A wrong password and an
   * unknown email get the same 401.
   */
  @Post('users/login')
  @Public()
  @AuthRateLimit()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserResponse })
  @ApiUnauthorizedResponse({ type: GenericErrorModel, description: 'The email or password is wrong' })
  @ApiUnprocessableEntityResponse({ type: GenericErrorModel, description: 'A field is missing or malformed' })
  login(@Body() body: LoginUserRequest): Promise<UserResponse> {
    return this.users.login(body.user);
  }

  /**
   * Register a new user; answers the user with a token.
   */
  @Post('users')
  @Public()
  @AuthRateLimit()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: UserResponse })
  @ApiUnprocessableEntityResponse({
    type: GenericErrorModel,
    description: 'A field is invalid, or the email or username is already taken',
  })
  createUser(@Body() body: NewUserRequest): Promise<UserResponse> {
    return this.users.register(body.user);
  }

  /**
   * The user the token belongs to.
   */
  @Get('user')
  @Authenticated()
  @ApiOkResponse({ type: UserResponse })
  getCurrentUser(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.users.getCurrent(user);
  }

  /**
   * Update the current user (at least one field); answers with a fresh token.
   */
  @Put('user')
  @Authenticated()
  @ApiOkResponse({ type: UserResponse })
  @ApiUnprocessableEntityResponse({
    type: GenericErrorModel,
    description: 'A field is invalid, or the new email or username belongs to another user',
  })
  updateCurrentUser(@CurrentUser() user: AuthUser, @Body() body: UpdateUserRequest): Promise<UserResponse> {
    return this.users.update(user, body.user);
  }
}
