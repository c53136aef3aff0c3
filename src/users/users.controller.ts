import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtension, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { Authenticated, CurrentUser, Public } from '../auth/auth.decorators';
import { ApiBadCredentials, ApiConflict, ApiInvalid, ApiNothingToValidate } from '../common/errors/api-error-responses';
import { BLANK } from '../common/validation/messages';
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
  @ApiExtension('x-codegen-request-body-name', 'body')
  @ApiBadCredentials()
  @ApiInvalid('A field is missing or malformed', { email: [BLANK] })
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
  @ApiExtension('x-codegen-request-body-name', 'body')
  @ApiConflict('The email or username belongs to another user (each taken field is named)', 'username')
  @ApiInvalid('A field is missing or invalid', { password: ['must be longer than or equal to 8 characters'] })
  createUser(@Body() body: NewUserRequest): Promise<UserResponse> {
    return this.users.register(body.user);
  }

  /**
   * The user the token belongs to.
   */
  @Get('user')
  @Authenticated()
  @ApiOkResponse({ type: UserResponse })
  @ApiNothingToValidate()
  getCurrentUser(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.users.getCurrent(user);
  }

  /**
   * Update the current user (at least one field); answers with a fresh token.
   */
  @Put('user')
  @Authenticated()
  @ApiOkResponse({ type: UserResponse })
  @ApiExtension('x-codegen-request-body-name', 'body')
  @ApiConflict('The new email or username belongs to another user (each taken field is named)', 'email')
  @ApiInvalid('A field is invalid or null, or none was given', { username: [BLANK] })
  updateCurrentUser(@CurrentUser() user: AuthUser, @Body() body: UpdateUserRequest): Promise<UserResponse> {
    return this.users.update(user, body.user);
  }
}
