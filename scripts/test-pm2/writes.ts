// 3. Writes (new articles) across a reload: every write that got a 2xx is in the database.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SingleArticleResponse } from '../../src/articles/article.dto';
import { Loops } from '../lib/load';
import { Pm2Context } from './context';

export async function writesAcrossReload({ api, token, cluster, mariadb, database, test, figures }: Pm2Context) {
  const created: string[] = [];
  const failures: string[] = [];
  const writers = new Loops(8, async (n, i) => {
    const title = `Reload write ${n}-${i} ${randomUUID()}`;
    try {
      const res = await api<SingleArticleResponse>('POST', '/api/articles', {
        token,
        body: { article: { title, description: 'written across a reload', body: 'body', tagList: ['pm2'] } },
      });
      if (res.status === 201) {
        created.push(res.body.article.slug);
      } else {
        failures.push(`${res.status} ${JSON.stringify(res.body)}`);
      }
    } catch (error) {
      // fetch rejects with "fetch failed"; what happened on the socket is its cause.
      const { message, cause } = error as Error & { cause?: { code?: string; message: string } };
      failures.push(`${message}${cause ? ` (${cause.code ?? cause.message})` : ''}`);
    }
  });
  try {
    await sleep(1500);
    await cluster.reload();
    await sleep(1500);
  } finally {
    await writers.stop();
  }

  const stored = await mariadb.query<{ slug: string }>(
    'SELECT slug FROM articles WHERE slug IN (?)',
    [created],
    database,
  );
  const missing = created.filter((slug) => !stored.some((row) => row.slug === slug));
  figures.push({
    scenario: 'writes across pm2 reload',
    requests: created.length + failures.length,
    '2xx': created.length,
    failed: failures.length,
    missing: missing.length,
  });
  test.check(created.length > 0, `${created.length} articles created during the reload`);
  test.check(missing.length === 0, 'every article that got a 201 is in the database');
  test.check(
    failures.length === 0,
    `no write failed during the reload${failures.length ? `: ${failures.slice(0, 3).join('; ')}` : ''}`,
  );
}
