import { IncomingMessage } from 'node:http';

/** Label for requests that matched no route (404s, probes): keeps metric cardinality bounded. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route pattern Express matched (`/api/articles/:slug`), never the raw URL, so logs group and
 * metrics stay bounded whatever paths clients send.
 */
export function routeOf(req: IncomingMessage): string {
  const { route, baseUrl } = req as IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };
  return typeof route?.path === 'string' ? `${baseUrl ?? ''}${route.path}` : UNMATCHED_ROUTE;
}
