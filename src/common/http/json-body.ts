import {
  BadRequestException,
  HttpException,
  HttpStatus,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** API.md: a body that is not JSON is a 400, before anything tries to read it. */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (METHODS_WITH_BODY.has(req.method) && hasBody(req) && !req.is('application/json')) {
    next(new BadRequestException('must be JSON: send Content-Type: application/json'));
    return;
  }
  next();
}

/** Deepest nesting a JSON body may have: every valid request has 3 levels; a stack overflow needs thousands. */
export const MAX_BODY_DEPTH = 32;

/**
 * After the JSON parser, before anything walks the body recursively: a 400 for a body nested deeper
 * than MAX_BODY_DEPTH (class-transformer would overflow the stack on 50,000 nested arrays) or holding
 * a string that is not well-formed Unicode (a lone surrogate such as "\ud800", which JSON allows
 * but no column can store and validators trip over). Iterative, and linear in a body the size limit
 * already bounds.
 */
export function checkBodyShape(req: Request, _res: Response, next: NextFunction): void {
  const problem = shapeProblem(req.body, MAX_BODY_DEPTH);
  next(problem === undefined ? undefined : new BadRequestException(problem));
}

function shapeProblem(value: unknown, limit: number): string | undefined {
  const pending: [unknown, number][] = [[value, 1]];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const [current, depth] = entry;
    if (typeof current === 'string' && !isWellFormed(current)) {
      return 'contains a string that is not valid Unicode (a lone surrogate)';
    }
    if (current !== null && typeof current === 'object') {
      if (depth > limit) {
        return `is nested more than ${limit} levels deep`;
      }
      for (const [key, child] of Object.entries(current)) {
        pending.push([key, depth], [child, depth + 1]);
      }
    }
  }
  return undefined;
}

const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

export const invalidJson = (detail: string) => new BadRequestException(`is not valid JSON: ${detail}`);

export const bodyTooLarge = () => new PayloadTooLargeException('is larger than the size limit');

interface BodyParserError extends Error {
  status?: number;
  type?: string;
}

/**
 * Express error middleware placed right after the JSON parser: turns its errors into HTTP exceptions
 * with messages written for the `body` key the global filter files them under.
 */
export function translateBodyErrors(error: BodyParserError, _req: Request, _res: Response, next: NextFunction): void {
  next(toHttpException(error));
}

function toHttpException(error: BodyParserError): unknown {
  if (error instanceof HttpException) {
    return error;
  }
  switch (error.type) {
    case 'entity.parse.failed':
      return invalidJson(error.message);
    case 'entity.too.large':
      return bodyTooLarge();
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeException(error.message);
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new HttpException(`could not be read: ${error.message}`, error.status ?? HttpStatus.BAD_REQUEST);
    default:
      // Other client errors of the parser carry no `type`, e.g. a body that says
      // `Content-Encoding: gzip` but is not compressed.
      return error.status !== undefined && error.status >= 400 && error.status < 500
        ? new HttpException(`could not be read: ${error.message}`, error.status)
        : error;
  }
}
