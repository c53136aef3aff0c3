import { registerAs } from '@nestjs/config';
import { availableParallelism } from 'node:os';
import { isPm2ClusterWorker } from '../lifecycle/pm2';
import { parseEnv } from './env.validation';

export const appConfig = registerAs('app', () => {
  const env = parseEnv(process.env);
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
    // One per PM2 cluster worker (the workers already share the cores), else one per core: hashing runs
    // at the lowest CPU priority, on what requests leave idle (auth/password-hasher.ts).
    passwordHashConcurrency: env.PASSWORD_HASH_CONCURRENCY ?? (isPm2ClusterWorker() ? 1 : availableParallelism()),
    bodyLimit: env.BODY_LIMIT,
  };
});

export type AppConfig = ReturnType<typeof appConfig>;
