import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { Logger } from 'pino';
import { appConfig } from '../config/app.config';
import { createLogDestination, createRootLogger, requestLoggerMiddleware } from './loggers';

/** Where log lines are written; tests replace it to read them. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
/** The request logger middleware, mounted first of all by configureApp(). */
export const REQUEST_LOGGER = Symbol('REQUEST_LOGGER');

/**
 * Structured logs through pino and nestjs-pino: `Logger` from `@nestjs/common` everywhere in the code
 * writes JSON lines (or pretty ones in development), bound to the current request's id when there
 * is one.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [
        { provide: LOG_DESTINATION, inject: [appConfig.KEY], useFactory: createLogDestination },
        { provide: ROOT_LOGGER, inject: [appConfig.KEY, LOG_DESTINATION], useFactory: createRootLogger },
        { provide: REQUEST_LOGGER, inject: [ROOT_LOGGER], useFactory: requestLoggerMiddleware },
      ],
      inject: [ROOT_LOGGER],
      // `useExisting`: the request logger is the app-level REQUEST_LOGGER middleware, not a second one;
      // `forRoutes: []`: that middleware also binds each request's logging context (see
      // requestLoggerMiddleware), cheaper than the module middleware nestjs-pino would register.
      // Outside a request, `Logger` writes through this same root logger.
      useFactory: (root: Logger) => ({
        pinoHttp: { logger: root },
        useExisting: true,
        forRoutes: [],
      }),
    }),
  ],
})
export class LoggingModule {}
