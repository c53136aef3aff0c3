// What the scenarios need from the seeded data: the long tail's heads (the most used tag, the busiest
// author, the keenest favoriter, the most commented article), two feed readers, and tokens to write with.
import jwt from 'jsonwebtoken';
import { Connection, RowDataPacket } from 'mysql2/promise';
import { JWT_ALGORITHM } from '../../src/auth/token.service';
import { EnvironmentVariables } from '../../src/config/env.validation';
import { keyId } from '../../src/config/jwt.config';
import { canonicalValue } from '../../src/database/backup/tables';
import { Mariadb } from '../lib/mariadb';
import { SEED_END, SEED_PASSWORD } from '../seed/constants';
import { ScenarioData } from './messages';

export interface Fixtures {
  data: ScenarioData;
  /** Each fixture with the figure that made it the one, for the log and the report. */
  described: Record<string, string>;
}

type Named = { id: number; username: string };

/** A feed reader's user id and the authors it follows. */
export interface FeedReader {
  id: number;
  follows: number[];
}

/** How many authors each feed reader follows: `feed` reads a busy feed, `feed-few` a quiet one. */
export const FEED_FOLLOWS = { feed: 500, feedFew: 5 } as const;

/**
 * `count` authors spread evenly over the seeded users 1..`users`, each in the middle of its share. The
 * seed gives user k about (k / users)^-2/3 times the mean number of articles, so the sample holds the
 * same mix of busy and quiet authors (and about as many articles) on every scale, not the long tail's
 * heads: 500 of 1,000 or of 100,000 users both wrote about 10 articles each on average.
 */
export function sampleAuthors(users: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => 1 + Math.floor(((i + 0.5) * users) / count));
}

/**
 * The feed readers and whom they follow: the highest user ids that no sample holds, each following
 * its sample and nobody else. Deterministic for a number of users, so a kept dataset keeps them.
 */
export function feedReaders(users: number): { feed: FeedReader; feedFew: FeedReader } {
  const feed = sampleAuthors(users, FEED_FOLLOWS.feed);
  const feedFew = sampleAuthors(users, FEED_FOLLOWS.feedFew);
  const sampled = new Set([...feed, ...feedFew]);
  const free: number[] = [];
  for (let id = users; free.length < 2 && id > 0; id--) {
    if (!sampled.has(id)) {
      free.push(id);
    }
  }
  return { feed: { id: free[0], follows: feed }, feedFew: { id: free[1], follows: feedFew } };
}

/** Dated within the seed, so that restore() (which removes rows dated after it) keeps them. */
const FOLLOWED_AT = canonicalValue('datetime', new Date(SEED_END - 1000));

/**
 * Makes `reader` follow exactly its authors: the seed's own follows of that user (a few heads of the
 * long tail, different on each scale) go, the sample's are added if missing. Idempotent, so a kept
 * dataset is left as the first run made it; no counter counts follows. Answers the articles the
 * followed authors wrote (the feed's articlesCount).
 */
async function follow(connection: Connection, reader: FeedReader): Promise<number> {
  await connection.beginTransaction();
  try {
    await connection.query('DELETE FROM follows WHERE follower_id = ? AND followee_id NOT IN (?)', [
      reader.id,
      reader.follows,
    ]);
    await connection.query('INSERT IGNORE INTO follows (follower_id, followee_id, created_at) VALUES ?', [
      reader.follows.map((followee) => [reader.id, followee, FOLLOWED_AT]),
    ]);
    await connection.commit();
  } catch (error) {
    await connection.rollback().catch(() => undefined);
    throw error;
  }
  const [[row]] = await connection.query<RowDataPacket[]>(
    `SELECT COUNT(*) AS n, COALESCE(SUM(u.articles_count), 0) AS articles
    FROM follows fo INNER JOIN users u ON u.id = fo.followee_id WHERE fo.follower_id = ?`,
    [reader.id],
  );
  if (Number(row.n) !== reader.follows.length) {
    throw new Error(`feed reader ${reader.id} follows ${row.n} authors, not ${reader.follows.length}`);
  }
  return Number(row.articles);
}

/** Signs tokens as the server does with `secret` and its default issuer and audience. */
function tokenSigner(secret: string): (user: { id: number; username: string }) => string {
  const { JWT_ISSUER, JWT_AUDIENCE } = new EnvironmentVariables();
  const keyid = keyId(secret);
  return (user) =>
    jwt.sign({ username: user.username }, secret, {
      algorithm: JWT_ALGORITHM,
      subject: String(user.id),
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: 3600,
      keyid,
    });
}

export async function fixtures(mariadb: Mariadb, database: string, jwtSecret: string): Promise<Fixtures> {
  const sign = tokenSigner(jwtSecret);
  const connection = await mariadb.connect(database);
  const all = async <Row>(sql: string, values: unknown[] = []) =>
    (await connection.query<RowDataPacket[]>(sql, values))[0] as Row[];
  const one = async <Row>(sql: string, values: unknown[] = []) => (await all<Row>(sql, values))[0];
  try {
    const tag = await one<{ name: string }>('SELECT name FROM tags ORDER BY articles_count DESC LIMIT 1');
    const author = await one<Named & { articles_count: number }>(
      'SELECT id, username, articles_count FROM users ORDER BY articles_count DESC LIMIT 1',
    );
    const favoriter = await one<Named & { favorites_count: number }>(
      'SELECT id, username, favorites_count FROM users ORDER BY favorites_count DESC LIMIT 1',
    );
    const busy = await one<{ article_id: number; n: number }>(
      'SELECT article_id, COUNT(*) AS n FROM comments GROUP BY article_id ORDER BY n DESC LIMIT 1',
    );
    const busySlug = await one<{ slug: string }>(`SELECT slug FROM articles WHERE id = ${Number(busy.article_id)}`);
    const seeded = await one<{ n: number }>('SELECT MAX(id) AS n FROM users WHERE created_at < ?', [
      canonicalValue('datetime', new Date(SEED_END)),
    ]);
    const readers = feedReaders(Number(seeded.n));
    const reader = async (which: keyof typeof readers) => {
      const articles = await follow(connection, readers[which]);
      const user = await one<Named>('SELECT id, username FROM users WHERE id = ?', [readers[which].id]);
      const follows = readers[which].follows.length;
      return { token: sign(user), described: `${user.username} (follows ${follows}, who wrote ${articles} articles)` };
    };
    const feedReader = await reader('feed');
    const feedFewReader = await reader('feedFew');
    const slugs = await all<{ slug: string }>('SELECT slug FROM articles ORDER BY id DESC LIMIT 2000');
    const users = await all<Named & { email: string }>(
      'SELECT id, username, email FROM users ORDER BY id DESC LIMIT 200',
    );
    return {
      data: {
        tag: tag.name,
        author: author.username,
        favoriter: favoriter.username,
        busySlug: busySlug.slug,
        feedToken: feedReader.token,
        feedFewToken: feedFewReader.token,
        slugs: slugs.map((row) => row.slug),
        tokens: users.map(sign),
        emails: users.map((row) => row.email),
        password: SEED_PASSWORD,
      },
      described: {
        tag: `${tag.name}`,
        author: `${author.username} (${author.articles_count} articles)`,
        favoriter: `${favoriter.username} (${favoriter.favorites_count} favorites)`,
        busyArticle: `${busySlug.slug} (${busy.n} comments)`,
        feedReader: feedReader.described,
        feedFewReader: feedFewReader.described,
      },
    };
  } finally {
    await connection.end();
  }
}
