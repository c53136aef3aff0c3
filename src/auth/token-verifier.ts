import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Request } from 'express';
import { JwtPayload, TokenExpiredError, verify } from 'jsonwebtoken';
import { TokenError } from '../common/errors/api-errors';
import { jwtConfig } from '../config/jwt.config';
import { AuthUser } from './auth-user';
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
 * An HMAC over a few hundred bytes takes microseconds, so it runs inline.
 */
@Injectable()
export class TokenVerifier {
  constructor(@Inject(jwtConfig.KEY) private readonly config: ConfigType<typeof jwtConfig>) {}

  /** The user a token names, or a TokenError (`expired` or `invalid`). */
  verify(token: string): AuthUser {
    const key = this.config.verificationKeys.get(keyIdOf(token) ?? this.config.keyId);
    // No key at all must fail here: jsonwebtoken verifies an unsigned token when given no key.
    if (key === undefined) {
      throw new TokenError('invalid');
    }
    let claims: string | JwtPayload;
    try {
      claims = verify(token, key, {
        algorithms: [JWT_ALGORITHM],
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: this.config.clockToleranceSeconds,
      });
    } catch (error) {
      throw new TokenError(error instanceof TokenExpiredError ? 'expired' : 'invalid');
    }
    const id = typeof claims === 'object' ? Number(claims.sub) : NaN;
    const { username, exp } = typeof claims === 'object' ? (claims as Partial<Record<string, unknown>>) : {};
    // jsonwebtoken checks `exp` only when present: a token without one would never expire.
    if (!Number.isSafeInteger(id) || id <= 0 || typeof username !== 'string' || typeof exp !== 'number') {
      throw new TokenError('invalid');
    }
    return { id, username, token };
  }
}
