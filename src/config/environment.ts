import { existsSync } from 'node:fs';
import { parseEnv } from './env.validation';

/**
 * Loads `.env` when present (variables already set in the environment win) and validates the result,
 * throwing EnvValidationError. main.ts and the TypeORM CLI call this before anything else, so a bad
 * value stops them with one line instead of a stack trace from deep inside Nest.
 */
export function loadEnvironment(envFile = '.env'): void {
  if (existsSync(envFile)) {
    process.loadEnvFile(envFile);
  }
  parseEnv(process.env);
}
