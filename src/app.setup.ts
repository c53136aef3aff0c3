import { INestApplication } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json, RequestHandler } from 'express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { applyHttpHardening } from './common/http/http-hardening';
import { checkBodyShape, requireJsonBody, translateBodyErrors } from './common/http/json-body';
import { parseQuery } from './common/http/query';
import { ReadRouter } from './database/replication/read-router';
import { ReadRoutingInterceptor } from './database/replication/read-routing.interceptor';
import { appConfig } from './config/app.config';
import { SecurityConfig, securityConfig } from './config/security.config';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { REQUEST_LOGGER } from './logging/logging.module';
import { MetricsService } from './metrics/metrics.service';
import { buildOpenApiDocument } from './openapi';

export const API_PREFIX = 'api';
export const DOCS_PATH = 'docs';
/** Served at the root, for machines: health probes and the Prometheus scrape. */
export const UNPREFIXED_PATHS = ['health', 'health/live', 'metrics'];

/** Options for creating the app: configureApp() mounts the one body parser itself (JSON, under /api). */
export const NEST_APP_OPTIONS = { bodyParser: false } as const;

/**
 * Everything about the HTTP surface that is not a module: shared by main.ts and the e2e tests so
 * they exercise exactly what production runs.
 */
export async function configureApp(app: NestExpressApplication): Promise<INestApplication> {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('query parser', parseQuery);
  // First, so that every response, body-parser rejections included, is logged, counted and has an id.
  app.use(app.get<RequestHandler>(REQUEST_LOGGER, { strict: false }));
  app.use(app.get(LifecycleService).trackRequests);
  if (config.metricsEnabled) {
    app.use(app.get(MetricsService).recordRequests);
  }
  applyHttpHardening(app, app.get<SecurityConfig>(securityConfig.KEY));
  // Bodies are read only under /api: the probes, the metrics and the docs take none, and skip these.
  app.use(`/${API_PREFIX}`, requireJsonBody, json({ limit: config.bodyLimit }), translateBodyErrors, checkBodyShape);
  // Only with read replicas: a global interceptor, even one that passes through, costs every request.
  if (app.get(ReadRouter).enabled) {
    app.useGlobalInterceptors(app.get(ReadRoutingInterceptor));
  }
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_PATHS });
  // The Swagger CLI plugin's output, also for code compiled without it (Jest uses SWC).
  await SwaggerModule.loadPluginMetadata(() => import('./metadata').then((module) => module.default()));
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app, config.publicUrl), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    customSiteTitle: 'Conduit API',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
  });
  return app;
}
