import { INestApplication, ServiceUnavailableException } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME, TOKEN_SCHEME } from './auth/auth.decorators';
import { errorResponseObject } from './common/errors/api-error-responses';
import { GenericErrorModel } from './common/errors/generic-error.dto';
import { DATABASE_UNAVAILABLE } from './common/errors/http-error.filter';
import { bodyTooLarge, invalidJson } from './common/http/json-body';
import { tooManyRequests } from './rate-limit/rate-limit.guard';

/** The OpenAPI document, generated from the controllers' decorators and the DTO classes. */
export function buildOpenApiDocument(app: INestApplication, publicUrl: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Conduit API')
    .setDescription(
      'The RealWorld "Conduit" blogging API, served by NestJS on Express.js. ' +
        'Authenticate with the token from login or registration: click "Authorize" and paste it under ' +
        `"${BEARER_SCHEME}" (sent as \`Authorization: Bearer <token>\`), or under "${TOKEN_SCHEME}" as ` +
        '`Token <token>`. It follows the RealWorld API spec 2.0.0: every error body is ' +
        '`{"errors": {"<key>": ["message", …]}}`, keyed by the field (`{"title": ["can\'t be blank"]}`), ' +
        'the resource (`{"article": ["not found"]}`), `token`, `credentials`, `route` (an unknown route), ' +
        'or `body` for the request as a whole.',
    )
    .setVersion('2.0.0')
    .addServer(publicUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Paste `Token <jwt>`' },
      TOKEN_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // The spec's operationIds are the handlers' names in PascalCase (`getArticles` → `GetArticles`).
    operationIdFactory: (_controllerKey: string, methodKey: string) =>
      methodKey.charAt(0).toUpperCase() + methodKey.slice(1),
    extraModels: [GenericErrorModel],
  });
  documentSharedErrors(document);
  return sortKeys(document);
}

/**
 * What every operation under /api may answer: 429 (RateLimitGuard), and 503 while the database is
 * unreachable or, for a sign-in, while password hashing is overloaded (HttpErrorFilter); with a
 * request body, 400 and 413 (common/http/json-body.ts).
 */
function documentSharedErrors(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/api/')) {
      continue;
    }
    for (const operation of Object.values(item) as { responses?: Record<string, unknown>; requestBody?: unknown }[]) {
      if (!operation.responses) {
        continue;
      }
      if (operation.requestBody) {
        operation.responses['400'] = errorResponseObject(
          'The body is not JSON (or not sent as `application/json`), or is malformed',
          invalidJson('Unexpected end of JSON input'),
        );
        operation.responses['413'] = errorResponseObject(
          'The body is larger than the limit (1 MiB by default)',
          bodyTooLarge(),
        );
      }
      operation.responses['429'] = errorResponseObject(
        'Too many requests from this client (or for this email); retry after `Retry-After` seconds',
        tooManyRequests(12),
      );
      operation.responses['503'] = errorResponseObject(
        'The database is unreachable, or (registration, login, a password change) too many sign-ins are waiting for password hashing; retry after `Retry-After` seconds',
        new ServiceUnavailableException(DATABASE_UNAVAILABLE),
      );
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
