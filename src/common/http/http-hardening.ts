import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { SecurityConfig } from '../../config/security.config';
import { REQUEST_ID_HEADER } from '../../logging/request-id';

/**
 * HTTP-level protections, before any route: which proxies to believe about the client's address
 * (TRUST_PROXY, used for rate limits and logs), security headers (helmet), and which browser
 * origins may call the API (CORS_ORIGINS).
 */
export function applyHttpHardening(app: NestExpressApplication, config: SecurityConfig): void {
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        // The Swagger UI's "Try it out" calls this server over plain HTTP on a private network too.
        directives: { upgradeInsecureRequests: null },
      },
    }),
  );
  app.enableCors({
    origin: config.corsOrigins,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', REQUEST_ID_HEADER],
    exposedHeaders: [REQUEST_ID_HEADER, 'Retry-After'],
    maxAge: 600,
  });
}
