// HTTP as the scripts speak it: a JSON API call that answers status, body and headers, and a bare GET
// on a keep-alive agent for load loops, where only the status (or the socket error) matters.
import { Agent, get as httpGet, OutgoingHttpHeaders } from 'node:http';

export interface ApiResponse<Body> {
  status: number;
  /** The parsed JSON answer; any other answer (the metrics' text) as its text; undefined when empty. */
  body: Body;
  headers: Headers;
}

export interface ApiOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The API's error shape (422, 401, 503, ...). */
export interface ApiErrors {
  errors?: { body?: string[] };
}

/**
 * One API call with fetch: a JSON body out, an optional token and headers, a 10 s timeout. `Body` is
 * what the caller expects on success; check the status before trusting it.
 */
export async function apiRequest<Body = ApiErrors | undefined>(
  baseUrl: string,
  method: string,
  url: string,
  { token, body, headers = {} }: ApiOptions = {},
): Promise<ApiResponse<Body>> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Token ${token}` } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return {
    status: res.status,
    body: (text && json ? JSON.parse(text) : text || undefined) as Body,
    headers: res.headers,
  };
}

/** An API client bound to one base URL. */
export type Api = <Body = ApiErrors | undefined>(
  method: string,
  url: string,
  options?: ApiOptions,
) => Promise<ApiResponse<Body>>;

export const apiClient =
  (baseUrl: string): Api =>
  (method, url, options) =>
    apiRequest(baseUrl, method, url, options);

/** GET /health answers 200 within 2 s (a refused connection throws). */
export async function healthy(baseUrl: string): Promise<boolean> {
  return (await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) })).status === 200;
}

/** One GET on a given keep-alive agent: resolves with the status, rejects on a socket error or timeout. */
export function getStatus(agent: Agent, url: string, headers: OutgoingHttpHeaders = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent, headers, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** What a failed request was: the socket error's code (ECONNRESET), else its message. */
export const errorCode = (error: unknown): string => {
  const { code, message } = error as { code?: string; message: string };
  return code ?? message;
};
