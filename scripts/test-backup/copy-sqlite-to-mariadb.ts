// 3. Growth path: a seeded SQLite file copied into a fresh MariaDB database with `db:copy`; the same
//    pages, profiles, tags and counts from a server on each, and a token issued on SQLite works on
//    MariaDB.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { MultipleArticlesResponse } from '../../src/articles/article.dto';
import type { UserResponse } from '../../src/users/user.dto';
import { apiClient, apiRequest } from '../lib/http';
import { machineMariadb } from '../lib/mariadb';
import { BackupContext, createDatabase, mustRun, SEED, startServer } from './context';

/** One secret for both servers: a token from the first must verify on the second. */
const JWT_SECRET = 'test-backup-drill-secret-0123456789abcdef';

/** What the reads compared below may answer: lists, tags, a user (the rest is compared whole). */
interface Answer {
  status: number;
  body: Partial<MultipleArticlesResponse & UserResponse> & { tags?: string[] };
}

export async function copySqliteToMariadb(context: BackupContext): Promise<void> {
  const { test, work, figures } = context;
  const { check } = test;
  const sqliteFile = path.join(work, 'sqlite', 'conduit.sqlite');
  mkdirSync(path.dirname(sqliteFile));
  const sqliteEnv = { DB_TYPE: 'sqlite', DB_PATH: sqliteFile };
  await mustRun(context, 'seed --scale small on SQLite', SEED, ['--scale', 'small'], sqliteEnv);

  const onSqlite = await startServer(context, 'sqlite', { ...sqliteEnv, JWT_SECRET });
  const sqliteApi = apiClient(onSqlite.baseUrl);
  const login = await sqliteApi<UserResponse>('POST', '/api/users/login', {
    body: { user: { email: 'user1@example.com', password: 'password' } },
  });
  check(login.status === 200, 'a seeded user logs in on SQLite');
  const token = login.body.user.token;
  const first = (await sqliteApi<MultipleArticlesResponse>('GET', '/api/articles?limit=1')).body.articles[0];
  const paths = [
    '/api/articles',
    '/api/articles?limit=100&offset=5000',
    `/api/articles?author=${first.author.username}`,
    `/api/articles?tag=${first.tagList[0] ?? 'tag1'}`,
    '/api/articles?favorited=user1',
    '/api/articles/feed',
    `/api/articles/${first.slug}`,
    `/api/articles/${first.slug}/comments`,
    `/api/profiles/${first.author.username}`,
    '/api/profiles/user1',
    '/api/tags',
    '/api/user',
  ];
  const answers = async (baseUrl: string): Promise<Record<string, Answer>> => {
    const out: Record<string, Answer> = {};
    for (const url of paths) {
      const { status, body } = await apiRequest<Answer['body']>(baseUrl, 'GET', url, { token });
      out[url] = { status, body };
    }
    return out;
  };
  const before = await answers(onSqlite.baseUrl);
  await onSqlite.server.stop();

  const copyTarget = await createDatabase(context, 'copy');
  const copy = await mustRun(
    context,
    'db:copy SQLite → MariaDB',
    'dist/bin/db-copy.js',
    ['--from', `sqlite:${sqliteFile}`, '--to', machineMariadb.url(copyTarget)],
    {},
  );
  figures.copySeconds = copy.seconds;

  const onMariadb = await startServer(context, 'copy', { ...machineMariadb.env(copyTarget), JWT_SECRET });
  const after = await answers(onMariadb.baseUrl);
  const differing = paths.filter((url) => !isDeepStrictEqual(before[url], after[url]));
  const listed = (url: string) => before[url].body.articles?.length ?? 0;
  check(
    Object.values(before).every((answer) => answer.status === 200) &&
      ['/api/articles', '/api/articles?limit=100&offset=5000', paths[2], paths[3]].every((url) => listed(url) > 0) &&
      (before['/api/tags'].body.tags?.length ?? 0) > 0,
    `the ${paths.length} reads answer 200 on SQLite, the lists and tags not empty`,
  );
  check(
    differing.length === 0,
    `the same ${paths.length} answers from the copy on MariaDB${differing.length ? `: ${differing.join(',')}` : ''}`,
  );
  check(after['/api/user'].body.user?.username === 'user1', 'the token issued on SQLite works on MariaDB');
  await onMariadb.server.stop();
}
