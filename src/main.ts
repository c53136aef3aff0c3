import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { appConfig } from './config/app.config';
import { loadEnvFile, loadEnvironment } from './config/environment';
import { EnvValidationError } from './config/env.validation';

async function bootstrap(): Promise<void> {
  // Before AppModule is imported: ConfigModule.forRoot() reads process.env when its module loads.
  loadEnvFile();
  loadEnvironment();
  const { AppModule } = await import('./app.module');
  const { configureApp, DOCS_PATH, NEST_APP_OPTIONS } = await import('./app.setup');
  const { LifecycleService } = await import('./lifecycle/lifecycle.service');

  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    ...NEST_APP_OPTIONS,
    abortOnError: false,
    bufferLogs: true,
  });
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  await configureApp(app);
  const lifecycle = app.get(LifecycleService);
  lifecycle.handleShutdownSignals(app);
  await app.listen(config.port, config.host);
  await lifecycle.signalReady();
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
  // exit() rather than exitCode: a server that failed after listen() would otherwise keep running.
  process.exit(1);
});
