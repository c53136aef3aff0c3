import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import { classifyError } from '../../database/dialect/classify-error';
import {
  AlreadyTakenError,
  FieldErrors,
  ForbiddenError,
  HashingOverloadedError,
  InvalidCredentialsError,
  InvalidInputError,
  NotFoundError,
  NothingToUpdateError,
  SelfFollowError,
  TokenError,
  TokenProblem,
} from './api-errors';

/** What a client is told to wait before retrying while the database is unreachable. */
const RETRY_AFTER_SECONDS = 5;

/** The key of messages that concern the request as a whole (API.md: no field or resource applies). */
export const GENERAL_KEY = 'body';

/** The spec's words where it has them ("is missing", "invalid"), plain ones elsewhere. */
const TOKEN_MESSAGES: Record<TokenProblem, string> = {
  missing: 'is missing',
  malformed: 'is malformed: send "Authorization: Token <jwt>"',
  invalid: 'is invalid',
  expired: 'has expired',
  'user-gone': 'refers to a user that no longer exists',
};

/** What a 503 for an unreachable database says. */
export const DATABASE_UNAVAILABLE = 'database is unavailable, try again shortly';

export interface ErrorResponse {
  status: number;
  errors: FieldErrors;
}

/**
 * The one global exception filter and the only place that builds error bodies: every error leaves
 * the server as `{ errors: { <key>: [...] } }`, keyed by the field, the resource, `token`,
 * `credentials`, `route`, or `body` for the request as a whole. Unexpected errors are logged with
 * their stack and reach the client as a bare 500.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, errors } = this.describe(exception);
    if (response.headersSent) {
      response.end();
      return;
    }
    if (status === (HttpStatus.SERVICE_UNAVAILABLE as number)) {
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    response.status(status).json({ errors });
  }

  private describe(exception: unknown): ErrorResponse {
    const known = describeKnownError(exception);
    if (known) {
      return known;
    }
    const databaseError = classifyError(exception)?.kind;
    if (databaseError === 'foreign-key') {
      // A row the request refers to was deleted while it ran (checked a moment earlier).
      return general(HttpStatus.NOT_FOUND, 'refers to a record that no longer exists');
    }
    if (databaseError === 'unavailable') {
      // Cannot be reached right now: a 503 to retry, not a bug.
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return general(HttpStatus.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE);
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return general(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }
}

/**
 * The status and body of an error the API answers on purpose (ours, Nest's, or an exposed Express
 * client error); undefined for anything else. The OpenAPI examples are built with it too.
 */
export function describeKnownError(exception: unknown): ErrorResponse | undefined {
  return describeApiError(exception) ?? describeHttpException(exception) ?? exposedClientError(exception);
}

function describeApiError(exception: unknown): ErrorResponse | undefined {
  if (exception instanceof InvalidInputError) {
    return { status: HttpStatus.UNPROCESSABLE_ENTITY, errors: exception.fields };
  }
  if (exception instanceof NotFoundError) {
    return { status: HttpStatus.NOT_FOUND, errors: { [exception.resource]: ['not found'] } };
  }
  if (exception instanceof ForbiddenError) {
    return { status: HttpStatus.FORBIDDEN, errors: { [exception.resource]: ['forbidden'] } };
  }
  if (exception instanceof AlreadyTakenError) {
    const errors = Object.fromEntries(exception.fields.map((field) => [field, ['has already been taken']]));
    return { status: HttpStatus.CONFLICT, errors };
  }
  if (exception instanceof TokenError) {
    return { status: HttpStatus.UNAUTHORIZED, errors: { token: [TOKEN_MESSAGES[exception.problem]] } };
  }
  if (exception instanceof InvalidCredentialsError) {
    return { status: HttpStatus.UNAUTHORIZED, errors: { credentials: ['invalid'] } };
  }
  if (exception instanceof NothingToUpdateError) {
    const errors = { [exception.envelope]: ['must contain at least one field to update'] };
    return { status: HttpStatus.UNPROCESSABLE_ENTITY, errors };
  }
  if (exception instanceof SelfFollowError) {
    return {
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      errors: { username: ['is your own: you cannot follow yourself'] },
    };
  }
  if (exception instanceof HashingOverloadedError) {
    return general(HttpStatus.SERVICE_UNAVAILABLE, 'too many sign-ins at once, try again shortly');
  }
  return undefined;
}

/**
 * Nest's own exceptions, raised by the framework rather than our services: an unknown route (404),
 * a rate limit (429), and the body checks of common/http, whose messages are written for the
 * `body` key ("is not valid JSON: …").
 */
function describeHttpException(exception: unknown): ErrorResponse | undefined {
  if (!(exception instanceof HttpException)) {
    return undefined;
  }
  const status = exception.getStatus();
  if (status === (HttpStatus.NOT_FOUND as number)) {
    return { status, errors: { route: ['not found'] } };
  }
  if (status === (HttpStatus.UNAUTHORIZED as number)) {
    return { status, errors: { token: [TOKEN_MESSAGES.invalid] } };
  }
  return general(status, ...messagesOf(exception));
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
function exposedClientError(exception: unknown): ErrorResponse | undefined {
  const error = exception as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown } | null;
  const status = error?.status ?? error?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && error?.expose === true) {
    return general(status, typeof error.message === 'string' ? error.message : 'bad request');
  }
  return undefined;
}

const general = (status: number, ...messages: string[]): ErrorResponse => ({
  status,
  errors: { [GENERAL_KEY]: messages },
});
