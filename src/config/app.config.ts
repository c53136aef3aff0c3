import { registerAs } from '@nestjs/config';
import { loadEnvironment } from './environment';

export const appConfig = registerAs('app', () => {
  const env = loadEnvironment();
  return {
    nodeEnv: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    host: env.HOST,
    port: env.PORT,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json'),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    metricsEnabled: env.METRICS_ENABLED,
    // Unset: decided by auth/password-hashing/process-scheduling.ts from the cores, PM2 and the CPU scheduling available.
    passwordHashConcurrency: env.PASSWORD_HASH_CONCURRENCY,
    passwordHashPriority: env.PASSWORD_HASH_PRIORITY,
    bodyLimit: env.BODY_LIMIT,
  };
});

export type AppConfig = ReturnType<typeof appConfig>;
