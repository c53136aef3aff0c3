// 2. Lag: with the replica's SQL thread stopped, a user who writes reads their own write at once;
//    anyone else's reads are at most DB_READ_MAX_LAG_S (+ one check interval) stale, then fall back
//    to the primary; when the thread resumes, reads return to the replica.
import type { SingleArticleResponse } from '../../src/articles/article.dto';
import type { ProfileResponse } from '../../src/profiles/profile.dto';
import type { UserResponse } from '../../src/users/user.dto';
import { Api } from '../lib/http';
import { CHECK_INTERVAL_MS, MAX_LAG_S, metric, replicaHealth, replicaReads, ServerContext } from './context';

async function register(api: Api, name: string): Promise<string> {
  const { status, body } = await api<UserResponse>('POST', '/api/users', {
    body: { user: { username: name, email: `${name}@example.com`, password: 'password-123' } },
  });
  if (status !== 201) {
    throw new Error(`registration of ${name} answered ${status}`);
  }
  return body.user.token;
}

/** Answers the slug of the article written while the replica lagged. */
export async function lag(context: ServerContext): Promise<string> {
  const { api, baseUrl, pair, test, figures } = context;
  const { check, waitFor } = test;
  const token = await register(api, 'writer');
  await pair.waitForReplica();
  await waitFor('the replica in rotation', async () => (await replicaHealth(context)).inRotation);

  await pair.sqlThread('stop');
  const writtenAt = Date.now();
  const created = await api<SingleArticleResponse>('POST', '/api/articles', {
    token,
    body: { article: { title: 'Written while the replica lags', description: 'd', body: 'b', tagList: ['lag'] } },
  });
  check(created.status === 201, 'an article is created while the replica lags');
  const { slug } = created.body.article;
  const updated = await api('PUT', '/api/user', { token, body: { user: { bio: 'written while the replica lags' } } });
  check(updated.status === 200, 'a profile is updated while the replica lags');
  const writeReads = await metric(baseUrl, 'db_reads_total', { target: 'primary', reason: 'write_request' });
  check(writeReads > 0, `the reads of write requests went to the primary (${writeReads})`);

  const ownReads = () => metric(baseUrl, 'db_reads_total', { target: 'primary', reason: 'read_your_writes' });
  const ownReadsBefore = await ownReads();
  const [article, user, profile, list] = await Promise.all([
    api('GET', `/api/articles/${slug}`, { token }),
    api<UserResponse>('GET', '/api/user', { token }),
    api<ProfileResponse>('GET', '/api/profiles/writer', { token }),
    api<{ articlesCount: number }>('GET', '/api/articles?author=writer', { token }),
  ]);
  check(article.status === 200, 'the writer reads their new article at once');
  check(user.body.user.bio === 'written while the replica lags', 'the writer reads their new bio at once');
  check(profile.body.profile.bio === 'written while the replica lags', 'the writer’s profile shows the new bio');
  check(list.body.articlesCount === 1, 'the writer’s article list includes the new article');
  const newcomer = await register(api, 'newcomer');
  const [me, login] = await Promise.all([
    api('GET', '/api/user', { token: newcomer }),
    api('POST', '/api/users/login', { body: { user: { email: 'newcomer@example.com', password: 'password-123' } } }),
  ]);
  check(me.status === 200, 'a user registered while the replica lags reads their account with the new token at once');
  check(login.status === 200, 'and can log in at once (a login reads from the primary)');
  const own = (await ownReads()) - ownReadsBefore;
  check(own > 0, `the writer’s reads went to the primary (read-your-writes: ${own} reads)`);

  // Anyone else: stale for at most the bound plus one check interval, then the primary answers.
  let staleFor = 0;
  await waitFor(
    'an anonymous read of the new article',
    async () => {
      const { status } = await api('GET', `/api/articles/${slug}`);
      staleFor = Date.now() - writtenAt;
      return status === 200;
    },
    20000,
  );
  const bound = MAX_LAG_S * 1000 + CHECK_INTERVAL_MS + 500;
  figures.lag = { anonymousStaleMs: staleFor, boundMs: bound };
  check(staleFor <= bound, `anonymous readers saw the new article after ${staleFor} ms (bound ${bound} ms)`);
  const health = await replicaHealth(context);
  check(
    !health.inRotation && health.lagSeconds > MAX_LAG_S,
    `/health shows the replica out of rotation (lag ${health.lagSeconds} s)`,
  );
  const fallbacks = await metric(baseUrl, 'db_read_fallbacks_total', { reason: 'no_replica_in_rotation' });
  check(fallbacks > 0, `/metrics counts reads that fell back to the primary (${fallbacks})`);

  await pair.sqlThread('start');
  await waitFor('the replica back in rotation', async () => (await replicaHealth(context)).inRotation);
  const before = await replicaReads(context);
  await api('GET', `/api/articles/${slug}`);
  const after = await replicaReads(context);
  check(after > before, `caught up, reads return to the replica (${after - before} reads)`);
  return slug;
}
