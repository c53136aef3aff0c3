import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import {
  ENVIRONMENT_VARIABLE_NAMES,
  EnvironmentVariables,
  ParsedEnvironment,
  parseEnvironment,
} from './env.validation';

/**
 * Loads `.env` into process.env when the file exists (variables already set win). Only entry points
 * call it, before anything reads the environment: tests never read a developer's `.env`.
 */
export function loadEnvFile(envFile = '.env'): void {
  if (existsSync(envFile)) {
    process.loadEnvFile(envFile);
  }
}

const DEFAULTS = new EnvironmentVariables() as unknown as Record<string, string | number | boolean | undefined>;

/**
 * What a parse depends on: each variable's value, a value equal to its default counting as unset,
 * because ConfigModule writes the defaults back into process.env after validating it.
 */
function fingerprint(raw: Record<string, unknown>): string {
  return JSON.stringify(
    ENVIRONMENT_VARIABLE_NAMES.map((name) => {
      const value = raw[name];
      const fallback = DEFAULTS[name];
      return value === '' || (fallback !== undefined && value === String(fallback)) ? null : (value ?? null);
    }),
  );
}

let latest: { fingerprint: string; parsed: ParsedEnvironment } | undefined;

/** `raw` parsed, from the last parse when its variables hold the same values (the result is frozen, as it is shared). */
function parsedEnvironment(raw: Record<string, unknown>): ParsedEnvironment {
  const key = fingerprint(raw);
  if (latest?.fingerprint !== key) {
    const { env, warnings } = parseEnvironment(raw);
    latest = { fingerprint: key, parsed: { env: Object.freeze(env), warnings } };
  }
  return latest.parsed;
}

/**
 * This process's validated environment: parsed once and kept while process.env holds the same values
 * (a test that changes a variable before creating an app gets a new parse). Throws EnvValidationError.
 */
export function loadEnvironment(): EnvironmentVariables {
  return parsedEnvironment(process.env).env;
}

/**
 * ConfigModule's `validate` hook: a bad value stops startup, and the warnings are logged. ConfigModule
 * calls it once per process, when app.module.ts is loaded, so each warning is logged once.
 */
export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const { env, warnings } = parsedEnvironment(raw);
  const logger = new Logger('Config');
  for (const warning of warnings) {
    logger.warn(warning);
  }
  return env;
}
