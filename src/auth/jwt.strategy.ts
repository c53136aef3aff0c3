import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { Request } from 'express';
import { Strategy } from 'passport-jwt';
import { TokenError } from '../common/errors/api-errors';
import { jwtConfig } from '../config/jwt.config';
import { AuthUser, JwtClaims } from './auth-user';
import { JWT_ALGORITHM } from './token.service';

const AUTHORIZATION = /^(?:Token|Bearer) +([A-Za-z0-9_.-]+) *$/i;

/** `Authorization: Token <jwt>` (the Conduit scheme) or `Authorization: Bearer <jwt>`. */
export function extractToken(request: Pick<Request, 'headers'>): string | null {
  const header = request.headers.authorization;
  return (header && AUTHORIZATION.exec(header)?.[1]) || null;
}

/** The `kid` of a token's header, without verifying anything; undefined when absent or unreadable. */
export function keyIdOf(token: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies signature (HS256 only), `exp`/`nbf` (with JWT_CLOCK_TOLERANCE_S), `iss` and `aud`, with the
 * key the header's `kid` names: the current JWT_SECRET or one of JWT_PREVIOUS_SECRETS. A token
 * without `kid` is checked against the current secret; an unknown `kid` verifies against nothing.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(jwtConfig.KEY) config: ConfigType<typeof jwtConfig>) {
    super({
      jwtFromRequest: extractToken,
      secretOrKeyProvider: (_request: Request, token: string, done: (error: Error | null, key?: Buffer) => void) => {
        const kid = keyIdOf(token);
        const key = config.verificationKeys.get(kid ?? config.keyId);
        // No key at all must fail here: jsonwebtoken throws (a 500) on an empty signature and no key.
        // passport-jwt hands the key straight to jsonwebtoken.verify, which takes a KeyObject (made
        // once, see jwt.config.ts); its types list only a string or a Buffer.
        done(key === undefined ? new Error('unknown key id') : null, key as unknown as Buffer | undefined);
      },
      algorithms: [JWT_ALGORITHM],
      issuer: config.issuer,
      audience: config.audience,
      jsonWebTokenOptions: { clockTolerance: config.clockToleranceSeconds },
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  validate(request: Request, claims: Partial<JwtClaims>): AuthUser {
    const id = Number(claims.sub);
    // jsonwebtoken checks `exp` only when present: a token without one would never expire.
    if (!Number.isSafeInteger(id) || id <= 0 || typeof claims.username !== 'string' || typeof claims.exp !== 'number') {
      throw new TokenError('invalid');
    }
    return { id, username: claims.username, token: extractToken(request) ?? '' };
  }
}
