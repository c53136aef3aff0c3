import { HttpException } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import {
  bodyTooLarge,
  checkBodyShape,
  invalidJson,
  MAX_BODY_DEPTH,
  requireJsonBody,
  translateBodyErrors,
} from './json-body';

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

/** What the middleware hands to `next`: undefined to go on, an error to stop. */
function passedOn(middleware: Middleware, req: Partial<Request>): unknown {
  let passed: unknown = 'next was not called';
  middleware(req as Request, {} as Response, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

/** An exception's status and message, as the error filter reads them. */
const described = (error: unknown) =>
  error instanceof HttpException ? { status: error.getStatus(), message: error.message } : error;

describe('requireJsonBody', () => {
  const request = (method: string, headers: Record<string, string>, json: boolean): Partial<Request> => ({
    method,
    headers,
    is: () => (json ? 'application/json' : false),
  });

  it('should refuse a body that is not JSON with a 400', () => {
    const error = passedOn(requireJsonBody, request('POST', { 'content-length': '5' }, false));

    expect(described(error)).toEqual({ status: 400, message: 'must be JSON: send Content-Type: application/json' });
  });

  it('should let through JSON, chunked JSON, an empty body and a method without a body', () => {
    expect(passedOn(requireJsonBody, request('PUT', { 'content-length': '5' }, true))).toBeUndefined();
    expect(passedOn(requireJsonBody, request('POST', { 'transfer-encoding': 'chunked' }, true))).toBeUndefined();
    expect(passedOn(requireJsonBody, request('POST', { 'content-length': '0' }, false))).toBeUndefined();
    expect(passedOn(requireJsonBody, request('GET', { 'content-length': '5' }, false))).toBeUndefined();
  });

  it('should count a chunked body as a body', () => {
    const error = passedOn(requireJsonBody, request('POST', { 'transfer-encoding': 'chunked' }, false));

    expect(described(error)).toMatchObject({ status: 400 });
  });
});

describe('checkBodyShape', () => {
  const nested = (depth: number): unknown => (depth === 1 ? {} : { a: nested(depth - 1) });

  it(`should accept a body nested ${MAX_BODY_DEPTH} levels deep and refuse one level more`, () => {
    expect(passedOn(checkBodyShape, { body: nested(MAX_BODY_DEPTH) })).toBeUndefined();
    expect(described(passedOn(checkBodyShape, { body: nested(MAX_BODY_DEPTH + 1) }))).toEqual({
      status: 400,
      message: `is nested more than ${MAX_BODY_DEPTH} levels deep`,
    });
  });

  it('should refuse 50,000 nested arrays without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`) as unknown;

    expect(described(passedOn(checkBodyShape, { body: deep }))).toMatchObject({ status: 400 });
  });

  it('should refuse a lone surrogate in a value or a key, and accept emoji', () => {
    const message = 'contains a string that is not valid Unicode (a lone surrogate)';

    expect(described(passedOn(checkBodyShape, { body: { user: { bio: 'a\ud800b' } } }))).toEqual({
      status: 400,
      message,
    });
    expect(described(passedOn(checkBodyShape, { body: { ['\udc00']: 1 } }))).toEqual({ status: 400, message });
    expect(passedOn(checkBodyShape, { body: { user: { bio: '🐉 中文' }, list: [1, null, true] } })).toBeUndefined();
  });

  it('should accept a body the JSON parser left out', () => {
    expect(passedOn(checkBodyShape, { body: undefined })).toBeUndefined();
  });
});

describe('translateBodyErrors', () => {
  const translated = (error: Error & { status?: number; type?: string }) =>
    described(passedOn((req, res, next) => translateBodyErrors(error, req, res, next), {}));
  const parserError = (message: string, type?: string, status?: number) =>
    Object.assign(new Error(message), { type, status });

  it.each([
    ['entity.parse.failed', 400, 'is not valid JSON: Unexpected token'],
    ['entity.too.large', 413, 'is larger than the size limit'],
    ['encoding.unsupported', 415, 'Unexpected token'],
    ['charset.unsupported', 415, 'Unexpected token'],
    ['request.aborted', 400, 'could not be read: Unexpected token'],
  ])('should turn the parser error %s into a %i', (type, status, message) => {
    expect(translated(parserError('Unexpected token', type))).toEqual({ status, message });
  });

  it('should keep the status of a client error without a type, and pass on anything else as it is', () => {
    const notGzip = parserError('incorrect header check', undefined, 400);
    const serverSide = parserError('disk full', undefined, 500);

    expect(translated(notGzip)).toEqual({ status: 400, message: 'could not be read: incorrect header check' });
    expect(translated(serverSide)).toBe(serverSide);
  });

  it('should pass on an HTTP exception unchanged', () => {
    const exception = bodyTooLarge();

    expect(passedOn((req, res, next) => translateBodyErrors(exception as unknown as Error, req, res, next), {})).toBe(
      exception,
    );
  });
});

describe('invalidJson and bodyTooLarge', () => {
  it('should make the 400 and the 413 the error filter files under `body`', () => {
    expect(described(invalidJson('at position 3'))).toEqual({
      status: 400,
      message: 'is not valid JSON: at position 3',
    });
    expect(described(bodyTooLarge())).toEqual({ status: 413, message: 'is larger than the size limit' });
  });
});
