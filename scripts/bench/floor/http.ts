// The floor's HTTP plumbing: JSON out as Express's res.json writes it, errors in the API's
// `{errors: {key: [message]}}` shape, a JSON body in, and the paging parameters.
import { IncomingMessage, ServerResponse } from 'node:http';

/** A request that ends in an error response (the server's HttpErrorFilter words for the ones the floor answers). */
export class FloorError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly detail: string,
  ) {
    super(`${status} ${key} ${detail}`);
  }
}

export const notFound = (resource: string) => new FloorError(404, resource, 'not found');
export const invalid = (field: string) => new FloorError(422, field, 'is invalid');

/** `JSON.stringify` with Express's content type; Express adds an ETag too, which no client of the benchmark reads. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: unknown): void {
  if (error instanceof FloorError) {
    sendJson(res, error.status, { errors: { [error.key]: [error.detail] } });
    return;
  }
  // A bug or a database failure: the server logs these too, and answers a bare 500.
  console.error(error);
  sendJson(res, 500, { errors: { body: ['internal server error'] } });
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new FloorError(400, 'body', 'is not valid JSON');
  }
}

/** An integer query parameter within the bounds of src/common/pagination/page-query.dto.ts. */
function integer(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const text = query.get(name);
  if (text === null) {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(name);
  }
  return value;
}

export interface Page {
  limit: number;
  offset: number;
}

/** `limit` (1–100, `defaultLimit` when absent) and `offset` (0 or more). */
export const pageOf = (query: URLSearchParams, defaultLimit: number): Page => ({
  limit: integer(query, 'limit', defaultLimit, 1, 100),
  offset: integer(query, 'offset', 0, 0, 1_000_000_000),
});
