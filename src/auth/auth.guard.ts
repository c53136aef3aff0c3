import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { Request } from 'express';
import { TokenExpiredError } from 'jsonwebtoken';
import { AUTH_MODE, AuthMode } from './auth.decorators';
import { AuthUser } from './auth-user';

/**
 * The one global guard. Every route requires a token unless marked @Public() or @OptionalAuth().
 * It verifies the token's signature and claims only (no database lookup), and a token that is sent
 * but invalid is a 401 in every mode.
 */
@Injectable()
export class AuthGuard extends PassportAuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const mode =
      this.reflector.getAllAndOverride<AuthMode | undefined>(AUTH_MODE, [context.getHandler(), context.getClass()]) ??
      'required';
    const request = context.switchToHttp().getRequest<Request>();
    if (mode !== 'required' && request.headers.authorization === undefined) {
      return true;
    }
    return super.canActivate(context);
  }

  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error instanceof UnauthorizedException) {
      throw error;
    }
    if (error || !user) {
      throw new UnauthorizedException(describe(info));
    }
    return user;
  }
}

function describe(info: unknown): string {
  if (info instanceof TokenExpiredError) {
    return 'token has expired';
  }
  if (info instanceof Error && info.message === 'No auth token') {
    return 'authorization token is missing or malformed: send "Authorization: Token <jwt>"';
  }
  return 'token is invalid';
}
