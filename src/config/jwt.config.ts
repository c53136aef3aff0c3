import { registerAs } from '@nestjs/config';
import { DEVELOPMENT_JWT_SECRET, parseEnv } from './env.validation';

const SECONDS_PER_UNIT: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** `7d`, `12h`, `900` (seconds) → seconds. The format is already checked by env validation. */
export function durationToSeconds(duration: string): number {
  const [, amount, unit] = /^(\d+)([a-z]*)$/.exec(duration) ?? [];
  return Math.max(1, Math.floor(Number(amount) * SECONDS_PER_UNIT[unit || 's']));
}

export const jwtConfig = registerAs('jwt', () => {
  const env = parseEnv(process.env);
  return {
    secret: env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    expiresInSeconds: durationToSeconds(env.JWT_EXPIRES_IN),
  };
});

export type JwtConfig = ReturnType<typeof jwtConfig>;
