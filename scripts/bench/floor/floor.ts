// The "raw floor": the benchmark's routes served by node:http and mysql2 alone, with the server's
// own SQL (see sql.ts) and its token check, and nothing else (no framework, validation library,
// logging, metrics or ORM). What our server costs above this is what its framework and its code
// add; the floor-bodies test and the bench's own check make sure both answer the same bytes.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'mysql2/promise';
import { JwtSettings, Verifier } from './auth';
import { feed } from './feed';
import { FloorError, notFound, pageOf, readJson, sendError, sendJson } from './http';
import { getArticle, getProfile, listArticles, listComments, popularTags } from './reads';
import { FloorDatabase, floorPool } from './sql';
import { createArticle, favorite, newArticle } from './writes';

export interface FloorOptions {
  database: FloorDatabase;
  jwt: JwtSettings;
}

export interface FloorServer {
  /** Not yet listening. */
  server: Server;
  /** Stops accepting connections, lets the requests under way finish, then closes the pool. */
  close(): Promise<void>;
}

interface Call {
  req: IncomingMessage;
  /** The path's segments after `/api/`, decoded. */
  path: string[];
  query: URLSearchParams;
  viewer(required: boolean): number | undefined;
}

/** A query parameter given once (Express's qs parser makes a repeated one an array, which validation refuses). */
function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) {
    throw new FloorError(422, name, 'must be a string');
  }
  return values[0];
}

/** The answer to a call: its status and body, or undefined for a route the floor does not serve. */
async function answer(pool: Pool, call: Call): Promise<[number, unknown] | undefined> {
  const { req, path, query } = call;
  const [resource, name, sub] = path;
  if (req.method === 'GET') {
    if (resource === 'tags' && path.length === 1) {
      return [200, await popularTags(pool)];
    }
    if (resource === 'profiles' && path.length === 2) {
      return [200, await getProfile(pool, name, call.viewer(false))];
    }
    if (resource === 'articles' && path.length === 1) {
      const viewerId = call.viewer(false);
      const filters = {
        tag: single(query, 'tag')?.trim(),
        author: single(query, 'author'),
        favorited: single(query, 'favorited'),
      };
      return [200, await listArticles(pool, filters, pageOf(query, 20), viewerId)];
    }
    if (resource === 'articles' && path.length === 2 && name === 'feed') {
      const userId = call.viewer(true)!;
      return [200, await feed(pool, userId, pageOf(query, 20))];
    }
    if (resource === 'articles' && path.length === 2) {
      return [200, await getArticle(pool, name, call.viewer(false))];
    }
    if (resource === 'articles' && path.length === 3 && sub === 'comments') {
      const viewerId = call.viewer(false);
      return [200, await listComments(pool, name, pageOf(query, 100), viewerId)];
    }
  }
  if (req.method === 'POST') {
    if (resource === 'articles' && path.length === 1) {
      const userId = call.viewer(true)!;
      return [201, await createArticle(pool, userId, newArticle(await readJson(req)))];
    }
    if (resource === 'articles' && path.length === 3 && sub === 'favorite') {
      return [200, await favorite(pool, call.viewer(true)!, name)];
    }
  }
  return undefined;
}

/** `/api/a/b?x=1` → segments `a`, `b` (a trailing slash ignored, as Express does) and the query. */
function parseUrl(url: string): { path: string[] | undefined; query: URLSearchParams } {
  const mark = url.indexOf('?');
  const segments = (mark < 0 ? url : url.slice(0, mark)).split('/');
  if (segments[segments.length - 1] === '' && segments.length > 2) {
    segments.pop();
  }
  const query = new URLSearchParams(mark < 0 ? '' : url.slice(mark + 1));
  if (segments[0] !== '' || segments[1] !== 'api') {
    return { path: undefined, query };
  }
  try {
    return { path: segments.slice(2).map(decodeURIComponent), query };
  } catch {
    return { path: undefined, query };
  }
}

export function createFloorServer(options: FloorOptions): FloorServer {
  const pool = floorPool(options.database);
  const verifier = new Verifier(options.jwt);
  let inFlight = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    try {
      const { path, query } = parseUrl(req.url ?? '/');
      const viewer = (required: boolean) => verifier.viewer(req.headers.authorization, required);
      const result = path && (await answer(pool, { req, path, query, viewer }));
      if (!result) {
        throw notFound('route');
      }
      sendJson(res, result[0], result[1]);
    } catch (error) {
      sendError(res, error);
    } finally {
      inFlight--;
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  return {
    server,
    // A load generator that stops leaves requests behind it: they finish before the pool closes.
    close: async () => {
      const closed = server.listening ? new Promise((resolve) => server.close(resolve)) : undefined;
      server.closeIdleConnections();
      for (const deadline = Date.now() + 10_000; inFlight > 0 && Date.now() < deadline;) {
        await sleep(20);
      }
      server.closeAllConnections();
      await closed;
      await pool.end();
    },
  };
}
