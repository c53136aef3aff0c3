import { registerAs } from '@nestjs/config';
import { createHash, createSecretKey, KeyObject } from 'node:crypto';
import { DEVELOPMENT_JWT_SECRET } from './env.validation';
import { loadEnvironment } from './environment';
import { splitList } from './lists';

const SECONDS_PER_UNIT: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** `7d`, `12h`, `900` (seconds) → seconds. The format is already checked by env validation. */
export function durationToSeconds(duration: string): number {
  const [, amount, unit] = /^(\d+)([a-z]*)$/.exec(duration) ?? [];
  return Math.max(1, Math.floor(Number(amount) * SECONDS_PER_UNIT[unit || 's']));
}

/**
 * A key's id (the JWT header's `kid`): the start of the secret's SHA-256, so a token names the key
 * that verifies it without revealing anything a signed token does not already.
 */
export function keyId(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 12);
}

/**
 * An HMAC key as a KeyObject, made once. jsonwebtoken turns any other key into one on every call,
 * and it tries `createPublicKey` (parsing the string as PEM/DER, which throws) first: a cost that
 * every signed-in request would pay (docs/performance.md).
 */
function hmacKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

export const jwtConfig = registerAs('jwt', () => {
  const env = loadEnvironment();
  const secret = env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;
  return {
    /** Signs new tokens and verifies them. */
    signingKey: hmacKey(secret),
    keyId: keyId(secret),
    /** Every key that verifies tokens, by id: the current one and JWT_PREVIOUS_SECRETS. */
    verificationKeys: new Map(
      [secret, ...splitList(env.JWT_PREVIOUS_SECRETS)].map((key) => [keyId(key), hmacKey(key)]),
    ),
    expiresInSeconds: durationToSeconds(env.JWT_EXPIRES_IN),
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    clockToleranceSeconds: env.JWT_CLOCK_TOLERANCE_S,
  };
});

export type JwtConfig = ReturnType<typeof jwtConfig>;
