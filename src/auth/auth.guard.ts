import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { Request } from 'express';
import { TokenExpiredError } from 'jsonwebtoken';
import { TokenError, TokenProblem } from '../common/errors/api-errors';
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
    if (mode !== 'required' && !sendsToken(request)) {
      return true;
    }
    return super.canActivate(context);
  }

  override handleRequest<TUser = AuthUser>(
    error: unknown,
    user: TUser | false,
    info: unknown,
    context: ExecutionContext,
  ): TUser {
    if (error instanceof TokenError) {
      throw error;
    }
    if (error || !user) {
      throw new TokenError(problemOf(info, context.switchToHttp().getRequest<Request>()));
    }
    return user;
  }
}

/** An empty or blank Authorization header sends no token, as if it were absent. */
const sendsToken = (request: Request): boolean => (request.headers.authorization ?? '').trim() !== '';

function problemOf(info: unknown, request: Request): TokenProblem {
  if (info instanceof TokenExpiredError) {
    return 'expired';
  }
  if (info instanceof Error && info.message === 'No auth token') {
    return sendsToken(request) ? 'malformed' : 'missing';
  }
  return 'invalid';
}
