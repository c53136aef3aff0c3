import { ConsoleLogger, LogLevel as NestLogLevel } from '@nestjs/common';
import { AppConfig } from './app.config';
import { LogLevel } from './env.validation';

const NEST_LEVELS: Record<LogLevel, NestLogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** The application logger at LOG_LEVEL: JSON lines in production, coloured text elsewhere. */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'isProduction'>): ConsoleLogger {
  return new ConsoleLogger({
    logLevels: NEST_LEVELS[config.logLevel],
    json: config.isProduction,
    colors: !config.isProduction,
  });
}
