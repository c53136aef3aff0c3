import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { TokenError } from '../common/errors/api-errors';
import { AUTH_MODE, AuthMode } from './auth.decorators';
import { AuthUser } from './auth-user';
import { extractToken, TokenVerifier } from './token-verifier';

/**
 * The one global guard. Every route requires a token unless marked @Public() or @OptionalAuth().
 * It verifies the token's signature and claims only (no database lookup), and a token that is sent
 * but invalid is a 401 in every mode. The verified user is `request.user`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const mode =
      this.reflector.getAllAndOverride<AuthMode | undefined>(AUTH_MODE, [context.getHandler(), context.getClass()]) ??
      'required';
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    if (!sendsToken(request)) {
      if (mode === 'required') {
        throw new TokenError('missing');
      }
      return true;
    }
    const token = extractToken(request);
    if (token === null) {
      throw new TokenError('malformed');
    }
    request.user = this.tokens.verify(token);
    return true;
  }
}

/** An empty or blank Authorization header sends no token, as if it were absent. */
const sendsToken = (request: Request): boolean => (request.headers.authorization ?? '').trim() !== '';
