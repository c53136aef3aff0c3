import { registerAs } from '@nestjs/config';
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
    bodyLimit: env.BODY_LIMIT,
  };
});

export type AppConfig = ReturnType<typeof appConfig>;
