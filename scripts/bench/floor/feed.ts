// The feed as src/articles/feed.repository.ts reads it: the server's own readFeed (its statements,
// its plan, its fallback), run through the floor's connection, so it follows the server's feed
// whenever that changes (the floor-bodies test fails if it does not).
import { readFeed } from '../../../src/articles/feed-read';
import { Page } from './http';
import * as json from './json';
import { Queryable, rows } from './sql';

export async function feed(db: Queryable, userId: number, page: Page) {
  const read = await readFeed((statement, parameters) => rows(db, statement, parameters), userId, page);
  return json.articles(read.rows, read.count);
}
