import { INestApplication } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { applyHttpHardening } from './common/http/http-hardening';
import { checkBodyShape, requireJsonBody, translateBodyErrors } from './common/http/json-body';
import { parseQuery } from './common/http/query';
import { appConfig } from './config/app.config';
import { SecurityConfig, securityConfig } from './config/security.config';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { HTTP_LOGGER } from './logging/logging.module';
import { MetricsService } from './metrics/metrics.service';
import { buildOpenApiDocument } from './openapi';

export const API_PREFIX = 'api';
export const DOCS_PATH = 'docs';
/** Served at the root, for machines: health probes and the Prometheus scrape. */
export const UNPREFIXED_PATHS = ['health', 'health/live', 'metrics'];

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
  app.use(app.get(HTTP_LOGGER, { strict: false }));
  app.use(app.get(LifecycleService).trackRequests);
  if (config.metricsEnabled) {
    app.use(app.get(MetricsService).recordRequests);
  }
  applyHttpHardening(app, app.get<SecurityConfig>(securityConfig.KEY));
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.use(translateBodyErrors);
  app.use(checkBodyShape);
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
