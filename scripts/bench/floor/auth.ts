// Who is asking: the token checked as src/auth/jwt.strategy.ts and auth.guard.ts check it (HS256
// only, issuer, audience, expiry with the clock tolerance, the claims the server relies on), with
// an HMAC key made once. The floor knows one secret, so it does not look the key up by `kid`.
import { createSecretKey, KeyObject } from 'node:crypto';
import jwt, { TokenExpiredError, VerifyOptions } from 'jsonwebtoken';
import { FloorError } from './http';

export interface JwtSettings {
  secret: string;
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
}

const AUTHORIZATION = /^(?:Token|Bearer) +([A-Za-z0-9_.-]+) *$/i;

const tokenError = (detail: string) => new FloorError(401, 'token', detail);

export class Verifier {
  private readonly key: KeyObject;
  private readonly options: VerifyOptions;

  constructor(settings: JwtSettings) {
    this.key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
    this.options = {
      algorithms: ['HS256'],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTolerance: settings.clockToleranceSeconds,
    };
  }

  /** The signed-in user's id; undefined for nobody where `required` is false; a 401 for a bad token. */
  viewer(header: string | undefined, required: boolean): number | undefined {
    const sent = (header ?? '').trim() !== '';
    if (!sent) {
      if (required) {
        throw tokenError('is missing');
      }
      return undefined;
    }
    const token = AUTHORIZATION.exec(header!)?.[1];
    if (!token) {
      throw tokenError('is malformed: send "Authorization: Token <jwt>"');
    }
    let claims: jwt.JwtPayload | string;
    try {
      claims = jwt.verify(token, this.key, this.options);
    } catch (error) {
      throw tokenError(error instanceof TokenExpiredError ? 'has expired' : 'is invalid');
    }
    const id = typeof claims === 'string' ? NaN : Number(claims.sub);
    if (
      typeof claims === 'string' ||
      !Number.isSafeInteger(id) ||
      id <= 0 ||
      typeof claims.username !== 'string' ||
      typeof claims.exp !== 'number'
    ) {
      throw tokenError('is invalid');
    }
    return id;
  }
}
