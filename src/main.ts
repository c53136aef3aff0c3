import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp, DOCS_PATH } from './app.setup';
import { appConfig } from './config/app.config';
import { EnvValidationError } from './config/env.validation';
import { createLogger } from './config/logger';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    abortOnError: false,
    bufferLogs: true,
  });
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  app.useLogger(createLogger(config));
  await configureApp(app);
  await app.listen(config.port, config.host);
  Logger.log(
    `Conduit API listening on ${config.host}:${config.port}; public URL ${config.publicUrl}, docs at ${config.publicUrl}/${DOCS_PATH}`,
    'Bootstrap',
  );
}

bootstrap().catch((error: unknown) => {
  if (error instanceof EnvValidationError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  }
  process.exit(1);
});
