import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { Request } from 'express';
import { Strategy } from 'passport-jwt';
import { jwtConfig } from '../config/jwt.config';
import { AuthUser, JwtClaims } from './auth-user';
import { JWT_ALGORITHM } from './token.service';

const AUTHORIZATION = /^(?:Token|Bearer) +([A-Za-z0-9_.-]+) *$/i;

/** `Authorization: Token <jwt>` (the Conduit scheme) or `Authorization: Bearer <jwt>`. */
export function extractToken(request: Pick<Request, 'headers'>): string | null {
  const header = request.headers.authorization;
  return (header && AUTHORIZATION.exec(header)?.[1]) || null;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(jwtConfig.KEY) config: ConfigType<typeof jwtConfig>) {
    super({
      jwtFromRequest: extractToken,
      secretOrKey: config.secret,
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  validate(request: Request, claims: Partial<JwtClaims>): AuthUser {
    const id = Number(claims.sub);
    if (!Number.isSafeInteger(id) || id <= 0 || typeof claims.username !== 'string') {
      throw new UnauthorizedException('token is invalid');
    }
    return { id, username: claims.username, token: extractToken(request) ?? '' };
  }
}
