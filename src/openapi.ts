import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME, TOKEN_SCHEME } from './auth/auth.decorators';
import { GenericErrorModel } from './common/errors/generic-error.dto';

/** The OpenAPI document, generated from the controllers' decorators and the DTO classes. */
export function buildOpenApiDocument(app: INestApplication, publicUrl: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Conduit API')
    .setDescription(
      'The RealWorld "Conduit" blogging API, served by NestJS on Express.js. ' +
        'Authenticate with the token from login or registration: click "Authorize" and paste it under ' +
        `"${BEARER_SCHEME}" (sent as \`Authorization: Bearer <token>\`), or under "${TOKEN_SCHEME}" as ` +
        '`Token <token>`. Every error body is `{"errors": {"body": ["..."]}}`.',
    )
    .setVersion('1.0.0')
    .addServer(publicUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Paste `Token <jwt>`' },
      TOKEN_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
    extraModels: [GenericErrorModel],
  });
  documentSharedErrors(document);
  return sortKeys(document);
}

/**
 * What every operation under /api may answer: 429 (RateLimitGuard), and 503 while the database is
 * unreachable or, for a sign-in, while password hashing is overloaded (HttpErrorFilter).
 */
function documentSharedErrors(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/')) {
      continue;
    }
    for (const operation of Object.values(item) as { responses?: Record<string, unknown> }[]) {
      if (operation.responses) {
        operation.responses['429'] = {
          description: 'Too many requests from this client (or for this email); retry after `Retry-After` seconds',
          content: { 'application/json': { schema: { $ref: getSchemaPath(GenericErrorModel) } } },
        };
        operation.responses['503'] = {
          description:
            'The database is unreachable, or (registration, login, a password change) too many sign-ins are waiting for password hashing; retry after `Retry-After` seconds',
          content: { 'application/json': { schema: { $ref: getSchemaPath(GenericErrorModel) } } },
        };
      }
    }
  }
}

/** Sorted keys keep the generated document's diffs stable. */
function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map(sortKeys) as T;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, child]) => [key, sortKeys(child)]),
    ) as T;
  }
  return value;
}
