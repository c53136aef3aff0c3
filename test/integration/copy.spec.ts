import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { counterProblems } from '../../src/database/backup/consistency';
import { copyDatabase, CopyResult } from '../../src/database/backup/copy';
import { parseDatabaseUrl } from '../../src/database/backup/database-url';
import { compareDigests, databaseDigests, Digests } from '../../src/database/backup/digest';
import { readRows } from '../../src/database/backup/rows';
import { dataTables } from '../../src/database/backup/tables';
import { api, createArticle, createComment, registerUser } from '../support/api';
import { CopySource, digestsOf, SCHEME, serverEnv, serverUrl, withDatabase } from '../support/copy-source';
import { createTestApp } from '../support/create-test-app';
import { withEnv } from '../support/env';
import { runOnServer, uniqueDatabaseName } from '../support/test-database';

/**
 * `npm run db:copy`: a SQLite file filled through the API (test/support/copy-source.ts) is copied to a
 * throwaway MariaDB database (MySQL when DB_TYPE=mysql) and back to a new file, with the same rows,
 * ids, timestamps, digests and counters, and an app started on the copy accepts the old tokens and
 * continues the ids. Whatever DB_TYPE the suite runs with, this needs the MySQL/MariaDB server of
 * DB_HOST (127.0.0.1:3306, root). What the copy refuses: copy-refusals.spec.ts; the built command:
 * copy-command.spec.ts.
 */
jest.setTimeout(60_000);

/**
 * Faults readRows plays when a test asks (it reads as it should otherwise): skipping the first row of
 * a table of one database (by its path or name), as a paging bug would; running something between a
 * table's first and second batch.
 */
const mockReadFaults: {
  skipFirstRowOf?: { database: string; table: string };
  afterFirstBatchOf?: { table: string; run: () => Promise<void> };
} = {};
jest.mock('../../src/database/backup/rows', () => {
  const actual = jest.requireActual<typeof import('../../src/database/backup/rows')>('../../src/database/backup/rows');
  return {
    ...actual,
    readRows: async function* (...args: Parameters<typeof actual.readRows>) {
      const name = args[1].name;
      const skip = mockReadFaults.skipFirstRowOf;
      const skipping = skip?.table === name && skip.database === args[0].options.database;
      let first = true;
      for await (const rows of actual.readRows(...args)) {
        yield first && skipping ? rows.slice(1) : rows;
        if (first && mockReadFaults.afterFirstBatchOf?.table === name) {
          await mockReadFaults.afterFirstBatchOf.run();
        }
        first = false;
      }
    },
  };
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('db:copy', () => {
  const fixture = CopySource.setUp();

  describe('a read of the source that misses rows', () => {
    afterEach(() => {
      delete mockReadFaults.skipFirstRowOf;
    });

    it('should fail naming the table: the rows read must be the COUNT(*) of the same snapshot', async () => {
      // The rows read and the rows written have the same digest: only the count of the source shows the gap.
      mockReadFaults.skipFirstRowOf = { database: fixture.sourcePath, table: 'comments' };
      const target = join(fixture.dir, 'short.sqlite');

      await expect(
        copyDatabase({
          from: parseDatabaseUrl(fixture.source),
          to: parseDatabaseUrl(`sqlite:${target}`),
          batchRows: 2,
        }),
      ).rejects.toThrow(
        /^copying comments read 2 rows of the source, which has 3 in the same snapshot \(COUNT\(\*\)\): the copy is incomplete \(removed the new file .*short\.sqlite\)$/,
      );
      expect(existsSync(target)).toBe(false);
    });
  });

  describe('SQLite → MariaDB → SQLite', () => {
    let copyName: string;
    let copy: string;
    let sourceDigests: Digests;
    let result: CopyResult;
    /** The id each auto-increment table of the source gives its next row (sqlite_sequence). */
    let sourceNextIds: Record<string, number>;

    it('should copy every row to an empty database, leaving the source as it was', async () => {
      copyName = await fixture.newServerDatabase('copy');
      copy = serverUrl(copyName);
      sourceDigests = await digestsOf(fixture.source);
      sourceNextIds = await withDatabase(fixture.source, async (dataSource) =>
        Object.fromEntries(
          (await dataSource.query(`SELECT name, seq FROM sqlite_sequence WHERE name <> 'migrations'`)).map(
            (row: { name: string; seq: number }) => [row.name, row.seq + 1],
          ),
        ),
      );
      const before = sha256(fixture.sourcePath);
      const events: string[] = [];

      // Batches of 2 rows: every table takes several keyset pages and several transactions.
      result = await copyDatabase({
        from: parseDatabaseUrl(fixture.source),
        to: parseDatabaseUrl(copy),
        batchRows: 2,
        progress: {
          tableStarted: (table, total) => events.push(`${table} 0/${total}`),
          tableFinished: ({ name, rows }) => events.push(`${name} done ${rows}`),
        },
      });

      expect(Object.fromEntries(result.tables.map(({ name, rows }) => [name, rows]))).toEqual({
        users: 4,
        articles: 5,
        counters: 1,
        favorites: 4,
        comments: 3,
        follows: 4,
        tags: 6,
        article_tags: 8,
      });
      expect(result.rows).toBe(35);
      expect(result.migration).toBe('UsersLastArticleAt1796300000000');
      expect(events).toEqual(result.tables.flatMap(({ name, rows }) => [`${name} 0/${rows}`, `${name} done ${rows}`]));
      expect(sha256(fixture.sourcePath)).toBe(before);
      console.log(`db:copy SQLite → ${SCHEME}: ${result.rows} rows in ${result.seconds.toFixed(2)} s`);
    });

    it('should give the copy the same rows, digests and consistent counters', async () => {
      await withDatabase(fixture.source, async (from) => {
        await withDatabase(copy, async (to) => {
          expect(compareDigests(sourceDigests, await databaseDigests(to))).toEqual([]);
          expect(await counterProblems(to)).toEqual([]);
          for (const table of dataTables(from)) {
            const rows = async (dataSource: DataSource) => {
              const all = [];
              for await (const batch of readRows(dataSource, table)) {
                all.push(...batch);
              }
              return all;
            };
            expect({ [table.name]: await rows(to) }).toEqual({ [table.name]: await rows(from) });
          }
        });
      });
    });

    it('should keep ids and timestamps to the millisecond', async () => {
      const sql = (format: (column: string) => string) =>
        `SELECT 'users' AS t, id, ${format('created_at')} AS created_at, ${format('updated_at')} AS updated_at FROM users ` +
        `UNION ALL SELECT 'articles', id, ${format('created_at')}, ${format('updated_at')} FROM articles ` +
        `UNION ALL SELECT 'comments', id, ${format('created_at')}, ${format('updated_at')} FROM comments ORDER BY 1, 2`;
      const fromSqlite = await withDatabase(fixture.source, (dataSource) => dataSource.query(sql((column) => column)));
      const fromServer = await withDatabase(copy, (dataSource) =>
        dataSource.query(sql((column) => `LEFT(DATE_FORMAT(${column}, '%Y-%m-%d %H:%i:%s.%f'), 23)`)),
      );

      expect(fromSqlite.length).toBe(12);
      expect(fromServer.map((row: Record<string, unknown>) => ({ ...row, id: Number(row.id) }))).toEqual(fromSqlite);
      expect(fromSqlite.some((row: { created_at: string }) => !row.created_at.endsWith('.000'))).toBe(true);
    });

    it('should continue each sequence where the source’s would have, deleted ids included', () => {
      expect(result.nextIds).toEqual(sourceNextIds);
      // Past the largest ids: the deleted last article, and the ids the tags' upserts used up.
      expect(result.nextIds).toEqual({ users: 5, articles: 7, comments: 6, tags: expect.any(Number) });
      expect(fixture.deletedArticleId).toBe(6);
      expect(fixture.deletedCommentId).toBe(4);
      expect(result.nextIds.tags).toBeGreaterThan(7);
    });

    it('should serve the copy: old tokens work, new rows continue the ids', async () => {
      await withEnv(serverEnv(copyName), async () => {
        const app = await createTestApp();
        try {
          const me = await api(app).get('/api/user', fixture.alice.token).expect(200);
          expect(me.body.user).toMatchObject({
            username: 'alice_copy',
            bio: 'Ich mag Käse 🧀, 中文 and "quotes" \\ back\\slash',
            image: 'https://example.com/a.png',
          });
          const profile = await api(app).get('/api/profiles/bob_copy', fixture.alice.token).expect(200);
          expect(profile.body.profile).toMatchObject({ following: true, bio: null, image: null });
          const list = await api(app).get('/api/articles?author=alice_copy', fixture.bob.token).expect(200);
          expect(list.body.articlesCount).toBe(3);
          const dragons = list.body.articles.find((article: { title: string }) => article.title.startsWith('Dragons'));
          expect(dragons).toMatchObject({ favoritesCount: 3, favorited: true });
          expect([...dragons.tagList].sort()).toEqual(['café', 'dragons', 'ünïcödé', '🐉'].sort());
          const tags = await api(app).get('/api/tags').expect(200);
          expect(tags.body.tags).toEqual(expect.arrayContaining(['dragons', 'café', '🐉', 'training']));

          const erin = await registerUser(app, { username: 'erin_copy' });
          const article = await createArticle(app, erin, { title: 'After the move', tagList: ['moved'] });
          const comment = await createComment(app, article.slug, erin, { body: 'first on MariaDB' });
          const ids = await app
            .get(DataSource)
            .query(
              `SELECT (SELECT id FROM users WHERE username = 'erin_copy') AS user, (SELECT id FROM articles WHERE slug = ?) AS article, (SELECT id FROM tags WHERE name = 'moved') AS tag`,
              [article.slug],
            );
          expect(ids[0]).toEqual({ user: 5, article: fixture.deletedArticleId + 1, tag: result.nextIds.tags });
          expect(comment.id).toBe(6);
        } finally {
          await app.close();
        }
      });
    });

    it('should refuse a target that is not empty, and change nothing', async () => {
      const before = await digestsOf(copy);

      await expect(
        copyDatabase({ from: parseDatabaseUrl(fixture.source), to: parseDatabaseUrl(copy) }),
      ).rejects.toThrow(
        /^the target .* is not empty: users has 5 rows, articles has 6 rows, counters has 1 row, .*; copy into an empty database$/,
      );

      expect(compareDigests(before, await digestsOf(copy))).toEqual([]);
    });

    it('should refuse a target database that does not exist', async () => {
      await expect(
        copyDatabase({
          from: parseDatabaseUrl(fixture.source),
          to: parseDatabaseUrl(serverUrl(uniqueDatabaseName('missing'))),
        }),
      ).rejects.toThrow(
        /^the target database conduit_missing_\w+ does not exist on .*: create it first with CREATE DATABASE/,
      );
    });

    it('should copy MariaDB back to a new SQLite file with the same digests and sequences', async () => {
      const back = `sqlite:${join(fixture.dir, 'nested', 'back.sqlite')}`;
      const serverDigests = await digestsOf(copy);
      const serverNextIds = await withDatabase(copy, async (dataSource) =>
        Object.fromEntries(
          (
            await dataSource.query(
              `SELECT TABLE_NAME AS name, AUTO_INCREMENT AS next FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND AUTO_INCREMENT IS NOT NULL AND TABLE_NAME <> 'migrations'`,
            )
          ).map((row: { name: string; next: unknown }) => [row.name, Number(row.next)]),
        ),
      );

      const backResult = await copyDatabase({ from: parseDatabaseUrl(copy), to: parseDatabaseUrl(back) });

      expect(backResult.rows).toBe(40);
      expect(compareDigests(serverDigests, await digestsOf(back))).toEqual([]);
      expect(backResult.nextIds).toEqual(serverNextIds);
      expect(backResult.nextIds).toMatchObject({ users: 6, articles: fixture.deletedArticleId + 2, comments: 7 });
      await withDatabase(back, async (dataSource) => {
        expect(await counterProblems(dataSource)).toEqual([]);
        await dataSource.query(`INSERT INTO tags (name, articles_count) VALUES ('after-the-copy', 0)`);
        expect(await dataSource.query(`SELECT id FROM tags WHERE name = 'after-the-copy'`)).toEqual([
          { id: backResult.nextIds.tags },
        ]);
      });
      await expect(copyDatabase({ from: parseDatabaseUrl(copy), to: parseDatabaseUrl(back) })).rejects.toThrow(
        /is not empty: users has 5 rows/,
      );
    });

    it('should fail, not read on outside its snapshot, when the server drops the source’s connection', async () => {
      const target = join(fixture.dir, 'dropped.sqlite');
      const killed: number[] = [];
      // After the first batch of users, the server ends every connection to the source database: a
      // pool would open a new one and read on outside the snapshot; the snapshot's connection is gone.
      mockReadFaults.afterFirstBatchOf = {
        table: 'users',
        run: async () => {
          const ids = await runOnServer<{ id: unknown }[]>(
            'SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()',
            [copyName],
          );
          for (const { id } of ids) {
            killed.push(Number(id));
            await runOnServer(`KILL CONNECTION ${Number(id)}`);
          }
          // Time for the client to see the connection close, as it would before a pool's next query.
          await new Promise((resolve) => setTimeout(resolve, 200));
        },
      };
      try {
        await expect(
          copyDatabase({ from: parseDatabaseUrl(copy), to: parseDatabaseUrl(`sqlite:${target}`), batchRows: 2 }),
        ).rejects.toThrow(/^copying users failed: .*\(removed the new file .*dropped\.sqlite\)$/);
      } finally {
        delete mockReadFaults.afterFirstBatchOf;
      }
      expect(killed).toHaveLength(1);
      expect(existsSync(target)).toBe(false);
    });
  });
});
