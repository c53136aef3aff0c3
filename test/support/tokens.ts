import { sign, SignOptions } from 'jsonwebtoken';
import { keyId } from '../../src/config/jwt.config';

/** The secret the test environment signs with (test/support/setup-env.ts). */
export const TEST_SECRET = (): string => process.env.JWT_SECRET as string;

export const DEFAULT_ISSUER = 'conduit-api';
export const DEFAULT_AUDIENCE = 'conduit';

/**
 * A token as the server signs one (HS256, `kid`, `iss`, `aud`, 60 s lifetime), with any option
 * overridden; `kid: null` leaves the key id out.
 */
export function signTestToken(
  payload: { sub: string | number } & Record<string, unknown>,
  { secret = TEST_SECRET(), kid, ...options }: SignOptions & { secret?: string; kid?: string | null } = {},
): string {
  const { sub, ...claims } = payload;
  return sign(claims, secret, {
    algorithm: 'HS256',
    issuer: DEFAULT_ISSUER,
    audience: DEFAULT_AUDIENCE,
    expiresIn: 60,
    ...options,
    subject: String(sub),
    ...(kid === null ? {} : { keyid: kid ?? keyId(secret) }),
  });
}
