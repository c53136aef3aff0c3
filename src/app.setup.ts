import { INestApplication } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { requireJsonBody, translateBodyErrors } from './common/http/json-body';
import { appConfig } from './config/app.config';
import { buildOpenApiDocument } from './openapi';

export const API_PREFIX = 'api';
export const DOCS_PATH = 'docs';

/**
 * Everything about the HTTP surface that is not a module: shared by main.ts and the e2e tests so
 * they exercise exactly what production runs.
 */
export async function configureApp(app: NestExpressApplication): Promise<INestApplication> {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  app.disable('x-powered-by');
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.use(translateBodyErrors);
  app.setGlobalPrefix(API_PREFIX);
  app.enableShutdownHooks();
  // The Swagger CLI plugin's output, also for code compiled without it (Jest uses SWC).
  await SwaggerModule.loadPluginMetadata(() => import('./metadata').then((module) => module.default()));
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app, config.publicUrl), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    customSiteTitle: 'Conduit API',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
  });
  return app;
}
