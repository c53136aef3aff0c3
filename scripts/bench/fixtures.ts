// What the scenarios need from the seeded data: the long tail's heads (the most used tag, the busiest
// author, the keenest favoriter, the most commented article), a feed reader, and tokens to write with.
import jwt from 'jsonwebtoken';
import { RowDataPacket } from 'mysql2/promise';
import { JWT_ALGORITHM } from '../../src/auth/token.service';
import { EnvironmentVariables } from '../../src/config/env.validation';
import { keyId } from '../../src/config/jwt.config';
import { Mariadb } from '../lib/mariadb';
import { SEED_PASSWORD } from '../seed/constants';
import { ScenarioData } from './messages';

export interface Fixtures {
  data: ScenarioData;
  /** Each fixture with the figure that made it the one, for the log and the report. */
  described: Record<string, string>;
}

type Named = { id: number; username: string };

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
  const all = async <Row>(sql: string) => (await connection.query<RowDataPacket[]>(sql))[0] as Row[];
  const one = async <Row>(sql: string) => (await all<Row>(sql))[0];
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
    const reader = await one<{ id: number; n: number }>(
      'SELECT follower_id AS id, COUNT(*) AS n FROM follows GROUP BY follower_id ORDER BY ABS(COUNT(*) - 500) LIMIT 1',
    );
    const readerName = await one<{ username: string }>(`SELECT username FROM users WHERE id = ${Number(reader.id)}`);
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
        feedToken: sign({ id: reader.id, username: readerName.username }),
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
        feedReader: `${readerName.username} (follows ${reader.n})`,
      },
    };
  } finally {
    await connection.end();
  }
}
