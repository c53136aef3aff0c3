import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import { isForeignKeyViolation } from '../database/unique-violation';
import { errorBody } from './generic-error.dto';

/** Driver errors that mean the database cannot be reached right now: a 503, not a bug. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'POOL_CLOSED',
  'ER_CON_COUNT_ERROR',
  'SQLITE_BUSY',
]);

/** What a client is told to wait before retrying while the database is unreachable. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The one global exception filter: every error leaves the server as `{ errors: { body: [...] } }`.
 * Unexpected errors are logged with their stack and reach the client as a bare 500.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, messages] = this.describe(exception);
    if (response.headersSent) {
      response.end();
      return;
    }
    if (status === (HttpStatus.SERVICE_UNAVAILABLE as number)) {
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    response.status(status).json(errorBody(messages));
  }

  private describe(exception: unknown): [number, string[]] {
    if (exception instanceof HttpException) {
      return [exception.getStatus(), messagesOf(exception)];
    }
    const clientError = exposedClientError(exception);
    if (clientError) {
      return clientError;
    }
    if (isForeignKeyViolation(exception)) {
      // A row the request refers to was deleted while it ran (checked a moment earlier).
      return [HttpStatus.NOT_FOUND, ['a record this request refers to no longer exists']];
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return [HttpStatus.SERVICE_UNAVAILABLE, ['database is unavailable, try again shortly']];
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return [HttpStatus.INTERNAL_SERVER_ERROR, ['Internal server error']];
  }
}

function messagesOf(exception: HttpException): string[] {
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  if (Array.isArray(message)) {
    return message.map(String);
  }
  return [typeof message === 'string' ? message : exception.message];
}

/**
 * A 4xx raised by Express or one of its modules (http-errors, with `expose: true`), e.g. a path
 * whose percent-encoding is not valid UTF-8: its status and message, not a 500.
 */
function exposedClientError(exception: unknown): [number, string[]] | undefined {
  const error = exception as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown } | null;
  const status = error?.status ?? error?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && error?.expose === true) {
    return [status, [typeof error.message === 'string' ? error.message : 'bad request']];
  }
  return undefined;
}

function isDatabaseUnavailable(exception: unknown): boolean {
  const error = exception as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = error?.driverError?.code ?? error?.code;
  return typeof code === 'string' && UNAVAILABLE_CODES.has(code);
}
