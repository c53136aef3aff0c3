import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { parseEnv } from '../../src/config/env.validation';
import { counterProblems } from '../../src/database/backup/consistency';
import { CopyError, copyDatabase, CopyResult } from '../../src/database/backup/copy';
import {
  DatabaseUrlError,
  locationEnvironment,
  parseDatabaseUrl,
  redactPassword,
} from '../../src/database/backup/database-url';
import { compareDigests, databaseDigests, Digests } from '../../src/database/backup/digest';
import { readRows } from '../../src/database/backup/rows';
import { canonicalValue, dataTables } from '../../src/database/backup/tables';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { api, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { withEnv } from '../support/env';
import { createDatabase, dropDatabase, runOnServer, uniqueDatabaseName } from '../support/test-database';

/**
 * `npm run db:copy`: a SQLite file filled through the API is copied to a throwaway MariaDB database
 * (MySQL when DB_TYPE=mysql) and back to a new file, with the same rows, ids, timestamps, digests and
 * counters, and an app started on the copy accepts the old tokens and continues the ids. Whatever
 * DB_TYPE the suite runs with, this needs the MySQL/MariaDB server of DB_HOST (127.0.0.1:3306, root).
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

const server = parseEnv(process.env);
const SCHEME = server.DB_TYPE === 'mysql' ? 'mysql' : 'mariadb';
const serverUrl = (database: string) =>
  `${SCHEME}://${encodeURIComponent(server.DB_USER)}:${encodeURIComponent(server.DB_PASSWORD)}@${server.DB_HOST}:${server.DB_PORT}/${database}`;
/** The variables that make an app (createTestApp) run on this database of the server. */
const serverEnv = (database: string) => ({
  DB_TYPE: SCHEME,
  DB_HOST: server.DB_HOST,
  DB_PORT: String(server.DB_PORT),
  DB_USER: server.DB_USER,
  DB_PASSWORD: server.DB_PASSWORD,
  DB_NAME: database,
  DB_MIGRATIONS_RUN: 'false',
  DB_READ_HOSTS: undefined,
  E2E_REPLICA_SYNC: undefined,
});

/** An initialized DataSource on the database a URL names, with the app's settings. */
async function openUrl(url: string): Promise<DataSource> {
  const dataSource = new DataSource({
    ...buildDataSourceOptions(locationEnvironment(parseDatabaseUrl(url))),
    logging: false,
  });
  return dataSource.initialize();
}

async function withDatabase<T>(url: string, body: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await openUrl(url);
  try {
    return await body(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

const digestsOf = (url: string): Promise<Digests> => withDatabase(url, databaseDigests);
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('db:copy', () => {
  let dir: string;
  let sourcePath: string;
  let source: string;
  const databases: string[] = [];
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  /** Ids the source gave and then deleted: the copy must never hand them out again. */
  let deletedArticleId: number;
  let deletedCommentId: number;

  const newDatabase = async (purpose: string): Promise<string> => {
    const name = uniqueDatabaseName(purpose);
    databases.push(name);
    await createDatabase(name);
    return name;
  };

  /** Users, follows, articles with tags, favorites and comments, through the API, on a new SQLite file. */
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conduit-copy-'));
    sourcePath = join(dir, 'source.sqlite');
    source = `sqlite:${sourcePath}`;
    await withEnv(
      { DB_TYPE: 'sqlite', DB_PATH: sourcePath, DB_MIGRATIONS_RUN: 'true', DB_READ_HOSTS: undefined },
      async () => {
        const app: NestExpressApplication = await createTestApp();
        try {
          const call = api(app);
          alice = await registerUser(app, { username: 'alice_copy' });
          bob = await registerUser(app, { username: 'bob_copy' });
          const carol = await registerUser(app, { username: 'carol_copy' });
          const dave = await registerUser(app, { username: 'dave_copy' });
          await call
            .put('/api/user', alice.token)
            .send({
              user: { bio: 'Ich mag Käse 🧀, 中文 and "quotes" \\ back\\slash', image: 'https://example.com/a.png' },
            })
            .expect(200);
          await call
            .put('/api/user', carol.token)
            .send({ user: { bio: "it's\ttabbed\nand multi-line" } })
            .expect(200);

          for (const [fan, star] of [
            [bob, alice],
            [carol, alice],
            [dave, alice],
            [alice, bob],
          ]) {
            await call.post(`/api/profiles/${star.username}/follow`, fan.token).expect(200);
          }

          const write = async (author: RegisteredUser, title: string, tagList: string[], body = 'Body 🐉') => {
            const res = await call
              .post('/api/articles', author.token)
              .send({ article: { title, description: `About ${title}`, body, tagList } })
              .expect(201);
            return res.body.article.slug as string;
          };
          const dragons = await write(alice, 'Dragons 🐉 über alles', ['dragons', 'café', '🐉', 'ünïcödé']);
          const training = await write(alice, 'Training', ['dragons', 'training']);
          await write(alice, 'Long', [], `${'A long body line, with ünïcödé 🐉.\n'.repeat(400)}`);
          const bobs = await write(bob, 'Bob writes', ['training']);
          await write(carol, 'Carol writes', ['café']);
          await call
            .put(`/api/articles/${training}`, alice.token)
            .send({ article: { body: 'Edited later' } })
            .expect(200);

          for (const [fan, slug] of [
            [bob, dragons],
            [carol, dragons],
            [dave, dragons],
            [bob, training],
            [alice, bobs],
          ] as const) {
            await call.post(`/api/articles/${slug}/favorite`, fan.token).expect(200);
          }
          await call.delete(`/api/articles/${training}/favorite`, bob.token).expect(200);

          for (const [who, body] of [
            [bob, 'First! 🎉'],
            [carol, 'Straße, naïve, 日本語'],
            [alice, 'Thanks'],
          ] as const) {
            await call.post(`/api/articles/${dragons}/comments`, who.token).send({ comment: { body } }).expect(201);
          }
          const last = await call
            .post(`/api/articles/${bobs}/comments`, dave.token)
            .send({ comment: { body: 'to be deleted' } })
            .expect(201);
          deletedCommentId = last.body.comment.id as number;
          await call.delete(`/api/articles/${bobs}/comments/${deletedCommentId}`, dave.token).expect(204);

          // The newest article goes, with its tag, favorite and comment: the sequences run past the largest ids.
          const doomed = await write(dave, 'Doomed', ['doomed']);
          await call.post(`/api/articles/${doomed}/favorite`, alice.token).expect(200);
          await call
            .post(`/api/articles/${doomed}/comments`, alice.token)
            .send({ comment: { body: 'gone' } })
            .expect(201);
          deletedArticleId = (await app.get(DataSource).query('SELECT MAX(id) AS id FROM articles'))[0].id as number;
          await call.delete(`/api/articles/${doomed}`, dave.token).expect(204);
        } finally {
          await app.close();
        }
      },
    );
  });

  afterAll(async () => {
    for (const name of databases) {
      await dropDatabase(name);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  describe('arguments', () => {
    it('should read the three kinds of URL, decoding user and password', () => {
      expect(parseDatabaseUrl('mysql://app:p%40ss%3Aword@db.internal:3307/conduit')).toEqual({
        type: 'mysql',
        host: 'db.internal',
        port: 3307,
        user: 'app',
        password: 'p@ss:word',
        database: 'conduit',
      });
      expect(parseDatabaseUrl('mariadb://[::1]/conduit')).toEqual({
        type: 'mariadb',
        host: '::1',
        port: 3306,
        database: 'conduit',
      });
      expect(parseDatabaseUrl('sqlite:data/x.sqlite')).toEqual({
        type: 'sqlite',
        path: join(process.cwd(), 'data/x.sqlite'),
      });
      expect(parseDatabaseUrl('sqlite:///srv/x.sqlite')).toEqual({ type: 'sqlite', path: '/srv/x.sqlite' });
    });

    it('should take a relative SQLite path from the directory it is given', () => {
      expect(parseDatabaseUrl('sqlite:data/x.sqlite', { cwd: '/home/ops' })).toEqual({
        type: 'sqlite',
        path: '/home/ops/data/x.sqlite',
      });
      expect(parseDatabaseUrl('sqlite:/srv/x.sqlite', { cwd: '/home/ops' })).toEqual({
        type: 'sqlite',
        path: '/srv/x.sqlite',
      });
    });

    it('should take the password of a URL with a user and no password from the environment’s (MYSQL_PWD)', () => {
      const password = (url: string) => parseDatabaseUrl(url, { password: 'from-env' });

      expect(password('mysql://app@db/conduit')).toMatchObject({ user: 'app', password: 'from-env' });
      expect(password('mysql://app:in%40url@db/conduit')).toMatchObject({ user: 'app', password: 'in@url' });
      // An empty password is a password; no user is the server's default user, without MYSQL_PWD.
      expect(password('mysql://app:@db/conduit')).not.toHaveProperty('password');
      expect(password('mysql://db/conduit')).not.toHaveProperty('password');
      expect(parseDatabaseUrl('mysql://app@db/conduit')).not.toHaveProperty('password');
    });

    it.each([
      ['//root:hunter2@db/conduit', /^not a database URL: '\/\/root:\*\*\*@db\/conduit'/],
      ['mysql://root:hunter2@db:99999/conduit', /^not a valid URL: 'mysql:\/\/root:\*\*\*@db:99999\/conduit'/],
      ['mysql://root:hunter2/x@db/conduit', /^not a valid URL: 'mysql:\/\/root:\*\*\*@db\/conduit'/],
      ['mysql://root:hunter2@x@db:3306/a/b', /^mysql: URL needs one database name/],
      ['mysql://root:hunter2%zz@db/conduit', /^the password is badly URL-encoded: write % as %25/],
    ])('should not show the password of %s in its refusal', (url, message) => {
      expect(() => parseDatabaseUrl(url)).toThrow(message);
      expect(() => parseDatabaseUrl(url)).not.toThrow(/hunter2/);
    });

    it('should redact only the password of a URL', () => {
      expect(redactPassword('mysql://app:p@ss/w:rd@db:3306/conduit')).toBe('mysql://app:***@db:3306/conduit');
      expect(redactPassword("Unexpected argument 'mariadb://app:secret@db/conduit'. No")).toBe(
        "Unexpected argument 'mariadb://app:***@db/conduit'. No",
      );
      expect(redactPassword('mysql://app@db:3306/conduit')).toBe('mysql://app@db:3306/conduit');
      expect(redactPassword('mysql://db:3306/conduit')).toBe('mysql://db:3306/conduit');
      expect(redactPassword('sqlite:/srv/conduit.sqlite')).toBe('sqlite:/srv/conduit.sqlite');
    });

    it.each([
      ['postgres://db/conduit', /^unknown database URL scheme 'postgres:'/],
      ['conduit.sqlite', /^not a database URL/],
      ['sqlite:', /^sqlite: needs a file path/],
      ['sqlite::memory:', /name a file/],
      ['mysql://root@127.0.0.1:3306', /needs one database name/],
      ['mysql://root@127.0.0.1:3306/', /needs one database name/],
      ['mysql://root@127.0.0.1:99999/conduit', /^not a valid URL/],
      ['mysql://127.0.0.1/conduit?ssl=true', /no \?parameters/],
      ['mysql://127.0.0.1/my-conduit', /^the database name must be 1-64 letters, digits, _ or \$$/],
    ])('should refuse %s in one line', (url, message) => {
      expect(() => parseDatabaseUrl(url)).toThrow(DatabaseUrlError);
      expect(() => parseDatabaseUrl(url)).toThrow(message);
    });

    it('should refuse to copy a database onto itself, however its path is spelled', async () => {
      await expect(
        copyDatabase({
          from: parseDatabaseUrl(source),
          to: parseDatabaseUrl(`sqlite:${dir}/../${basename(dir)}/source.sqlite`),
        }),
      ).rejects.toThrow('source and target are the same database');
      await expect(
        copyDatabase({
          from: parseDatabaseUrl('mysql://root@localhost:3306/conduit'),
          to: parseDatabaseUrl('mariadb://127.0.0.1/conduit'),
        }),
      ).rejects.toThrow('source and target are the same database');
    });
  });

  describe('values', () => {
    it('should read integers of every driver, and refuse what is no integer rather than hash it as NULL', () => {
      expect([12, '12', -3n, ' 7 '].map((value) => canonicalValue('integer', value))).toEqual([12, 12, -3, 7]);
      expect(canonicalValue('integer', null)).toBeNull();
      for (const [value, shown] of [
        ['many', "'many'"],
        ['', "''"],
        [Number.NaN, 'NaN'],
        [Number.POSITIVE_INFINITY, 'Infinity'],
        [Buffer.from('1'), 'a Buffer'],
        [{}, 'an object'],
      ] as const) {
        expect(() => canonicalValue('integer', value)).toThrow(`not an integer: ${shown}`);
      }
    });
  });

  describe('a source not at the code’s migrations', () => {
    const migratedFile = async (name: string, change: (dataSource: DataSource) => Promise<unknown>) => {
      const path = join(dir, name);
      const dataSource = new DataSource(
        buildDataSourceOptions(parseEnv({ DB_TYPE: 'sqlite', DB_PATH: path, DB_MIGRATIONS_RUN: 'false' })),
      );
      await dataSource.initialize();
      await dataSource.runMigrations();
      await change(dataSource);
      await dataSource.destroy();
      return `sqlite:${path}`;
    };

    it('should refuse a source behind the code, and create no target', async () => {
      const behind = await migratedFile('behind.sqlite', (dataSource) => dataSource.undoLastMigration());
      const target = join(dir, 'never.sqlite');

      const copy = copyDatabase({ from: parseDatabaseUrl(behind), to: parseDatabaseUrl(`sqlite:${target}`) });

      await expect(copy).rejects.toThrow(CopyError);
      await expect(copy).rejects.toThrow(
        'the source is at migration CreateReplicationHeartbeat1795605600725, the code at TagsPopularityDescending1796220000000: run npm run migration:run on the source first',
      );
      expect(existsSync(target)).toBe(false);
    });

    it('should refuse a source newer than the code', async () => {
      const ahead = await migratedFile('ahead.sqlite', (dataSource) =>
        dataSource.query(
          `INSERT INTO migrations (timestamp, name) VALUES (1999999999999, 'FromTheFuture1999999999999')`,
        ),
      );

      await expect(
        copyDatabase({ from: parseDatabaseUrl(ahead), to: parseDatabaseUrl(`sqlite:${join(dir, 'never.sqlite')}`) }),
      ).rejects.toThrow('the source is at migration FromTheFuture1999999999999, newer than this code');
    });

    it('should refuse a file that is not a Conduit database', async () => {
      const empty = await migratedFile('empty.sqlite', (dataSource) => dataSource.query('DROP TABLE migrations'));

      await expect(
        copyDatabase({ from: parseDatabaseUrl(empty), to: parseDatabaseUrl(`sqlite:${join(dir, 'never.sqlite')}`) }),
      ).rejects.toThrow(/has no migrations table/);
    });
  });

  describe('a source row the target refuses', () => {
    let broken: string;

    beforeAll(async () => {
      // A follow of a user who does not exist: SQLite took it with its foreign keys off.
      const path = join(dir, 'broken.sqlite');
      copyFileSync(sourcePath, path);
      broken = `sqlite:${path}`;
      await withDatabase(broken, async (dataSource) => {
        await dataSource.query('PRAGMA foreign_keys = OFF');
        await dataSource.query(
          `INSERT INTO follows (follower_id, followee_id, created_at) VALUES (1, 999, '2026-01-01 00:00:00.000')`,
        );
      });
    });

    it('should fail naming the table, and remove the SQLite file it created', async () => {
      const target = join(dir, 'half.sqlite');

      await expect(
        copyDatabase({ from: parseDatabaseUrl(broken), to: parseDatabaseUrl(`sqlite:${target}`) }),
      ).rejects.toThrow(
        /^copying follows failed: FOREIGN KEY constraint failed \(removed the new file .*half\.sqlite\)$/,
      );
      expect(existsSync(target)).toBe(false);
    });

    it('should fail naming the table, and say that the database it wrote to must be emptied', async () => {
      const target = await newDatabase('half');

      await expect(
        copyDatabase({ from: parseDatabaseUrl(broken), to: parseDatabaseUrl(serverUrl(target)) }),
      ).rejects.toThrow(
        /^copying follows failed: .*foreign key constraint fails.*; the target keeps the rows written so far: empty it/,
      );
    });
  });

  describe('a source value that is not its column’s kind', () => {
    it('should fail naming the table and the value, not copy it as NULL', async () => {
      const path = join(dir, 'text-in-integer.sqlite');
      copyFileSync(sourcePath, path);
      // SQLite keeps text that does not look like a number as text, even in an integer column.
      await withDatabase(`sqlite:${path}`, (dataSource) =>
        dataSource.query(`UPDATE users SET articles_count = 'many' WHERE username = 'bob_copy'`),
      );
      const target = join(dir, 'never-text.sqlite');

      await expect(
        copyDatabase({ from: parseDatabaseUrl(`sqlite:${path}`), to: parseDatabaseUrl(`sqlite:${target}`) }),
      ).rejects.toThrow(/^copying users failed: not an integer: 'many' \(removed the new file .*\)$/);
      expect(existsSync(target)).toBe(false);
    });
  });

  describe('a read of the source that misses rows', () => {
    afterEach(() => {
      delete mockReadFaults.skipFirstRowOf;
    });

    it('should fail naming the table: the rows read must be the COUNT(*) of the same snapshot', async () => {
      // The rows read and the rows written have the same digest: only the count of the source shows the gap.
      mockReadFaults.skipFirstRowOf = { database: sourcePath, table: 'comments' };
      const target = join(dir, 'short.sqlite');

      await expect(
        copyDatabase({ from: parseDatabaseUrl(source), to: parseDatabaseUrl(`sqlite:${target}`), batchRows: 2 }),
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
      copyName = await newDatabase('copy');
      copy = serverUrl(copyName);
      sourceDigests = await digestsOf(source);
      sourceNextIds = await withDatabase(source, async (dataSource) =>
        Object.fromEntries(
          (await dataSource.query(`SELECT name, seq FROM sqlite_sequence WHERE name <> 'migrations'`)).map(
            (row: { name: string; seq: number }) => [row.name, row.seq + 1],
          ),
        ),
      );
      const before = sha256(sourcePath);
      const events: string[] = [];

      // Batches of 2 rows: every table takes several keyset pages and several transactions.
      result = await copyDatabase({
        from: parseDatabaseUrl(source),
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
      expect(result.migration).toBe('TagsPopularityDescending1796220000000');
      expect(events).toEqual(result.tables.flatMap(({ name, rows }) => [`${name} 0/${rows}`, `${name} done ${rows}`]));
      expect(sha256(sourcePath)).toBe(before);
      console.log(`db:copy SQLite → ${SCHEME}: ${result.rows} rows in ${result.seconds.toFixed(2)} s`);
    });

    it('should give the copy the same rows, digests and consistent counters', async () => {
      await withDatabase(source, async (from) => {
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
      const fromSqlite = await withDatabase(source, (dataSource) => dataSource.query(sql((column) => column)));
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
      expect(deletedArticleId).toBe(6);
      expect(deletedCommentId).toBe(4);
      expect(result.nextIds.tags).toBeGreaterThan(7);
    });

    it('should serve the copy: old tokens work, new rows continue the ids', async () => {
      await withEnv(serverEnv(copyName), async () => {
        const app = await createTestApp();
        try {
          const me = await api(app).get('/api/user', alice.token).expect(200);
          expect(me.body.user).toMatchObject({
            username: 'alice_copy',
            bio: 'Ich mag Käse 🧀, 中文 and "quotes" \\ back\\slash',
            image: 'https://example.com/a.png',
          });
          const profile = await api(app).get('/api/profiles/bob_copy', alice.token).expect(200);
          expect(profile.body.profile).toMatchObject({ following: true, bio: null, image: null });
          const list = await api(app).get('/api/articles?author=alice_copy', bob.token).expect(200);
          expect(list.body.articlesCount).toBe(3);
          const dragons = list.body.articles.find((article: { title: string }) => article.title.startsWith('Dragons'));
          expect(dragons).toMatchObject({ favoritesCount: 3, favorited: true });
          expect([...dragons.tagList].sort()).toEqual(['café', 'dragons', 'ünïcödé', '🐉'].sort());
          const tags = await api(app).get('/api/tags').expect(200);
          expect(tags.body.tags).toEqual(expect.arrayContaining(['dragons', 'café', '🐉', 'training']));

          const erin = await registerUser(app, { username: 'erin_copy' });
          const article = await api(app)
            .post('/api/articles', erin.token)
            .send({ article: { title: 'After the move', description: 'd', body: 'b', tagList: ['moved'] } })
            .expect(201);
          const comment = await api(app)
            .post(`/api/articles/${article.body.article.slug}/comments`, erin.token)
            .send({ comment: { body: 'first on MariaDB' } })
            .expect(201);
          const ids = await app
            .get(DataSource)
            .query(
              `SELECT (SELECT id FROM users WHERE username = 'erin_copy') AS user, (SELECT id FROM articles WHERE slug = ?) AS article, (SELECT id FROM tags WHERE name = 'moved') AS tag`,
              [article.body.article.slug],
            );
          expect(ids[0]).toEqual({ user: 5, article: deletedArticleId + 1, tag: result.nextIds.tags });
          expect(comment.body.comment.id).toBe(6);
        } finally {
          await app.close();
        }
      });
    });

    it('should refuse a target that is not empty, and change nothing', async () => {
      const before = await digestsOf(copy);

      await expect(copyDatabase({ from: parseDatabaseUrl(source), to: parseDatabaseUrl(copy) })).rejects.toThrow(
        /^the target .* is not empty: users has 5 rows, articles has 6 rows, counters has 1 row, .*; copy into an empty database$/,
      );

      expect(compareDigests(before, await digestsOf(copy))).toEqual([]);
    });

    it('should refuse a target database that does not exist', async () => {
      await expect(
        copyDatabase({
          from: parseDatabaseUrl(source),
          to: parseDatabaseUrl(serverUrl(uniqueDatabaseName('missing'))),
        }),
      ).rejects.toThrow(
        /^the target database conduit_missing_\w+ does not exist on .*: create it first with CREATE DATABASE/,
      );
    });

    it('should copy MariaDB back to a new SQLite file with the same digests and sequences', async () => {
      const back = `sqlite:${join(dir, 'nested', 'back.sqlite')}`;
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
      expect(backResult.nextIds).toMatchObject({ users: 6, articles: deletedArticleId + 2, comments: 7 });
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
      const target = join(dir, 'dropped.sqlite');
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

  describe('npm run db:copy (the built command)', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['dist/bin/db-copy.js', ...args], { encoding: 'utf8' });
    /** As `run`, with these variables set (undefined: unset) in its environment. */
    const runWith = (env: Record<string, string | undefined>, ...args: string[]) =>
      spawnSync(process.execPath, ['dist/bin/db-copy.js', ...args], {
        encoding: 'utf8',
        env: Object.fromEntries(
          Object.entries({ ...process.env, ...env }).filter(
            (entry): entry is [string, string] => entry[1] !== undefined,
          ),
        ),
      });
    const userOnlyUrl = (database: string) =>
      `${SCHEME}://${encodeURIComponent(server.DB_USER)}@${server.DB_HOST}:${server.DB_PORT}/${database}`;

    beforeAll(() => {
      const build = spawnSync(process.execPath, ['scripts/build-if-needed.mjs'], { encoding: 'utf8' });
      if (build.status !== 0) {
        throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
      }
    }, 240_000);

    it('should exit 1 with one line on a bad argument', () => {
      for (const args of [
        ['--from', 'postgres://db/conduit', '--to', `sqlite:${join(dir, 'x.sqlite')}`],
        ['--from', source],
        ['--from', source, '--to', serverUrl(uniqueDatabaseName('missing'))],
        ['--from', source, '--to', source],
        ['--from', source, '--to', `sqlite:${join(dir, 'x.sqlite')}`, '--batch', 'many'],
      ]) {
        const { status, stderr } = run(...args);
        expect({ args, status, lines: stderr.trimEnd().split('\n') }).toEqual({
          args,
          status: 1,
          lines: [expect.stringMatching(/^db:copy: \S/)],
        });
      }
      expect(run('--from', 'postgres://db/conduit', '--to', source).stderr).toBe(
        "db:copy: --from: unknown database URL scheme 'postgres:': use sqlite:PATH, mysql://USER:PASSWORD@HOST:PORT/DATABASE or mariadb://…\n",
      );
      expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
    });

    it('should not show the password of a URL given without its --to', () => {
      const { status, stderr } = run('--from', source, 'mariadb://app:hunter2@db/conduit');

      expect(status).toBe(1);
      expect(stderr).toBe(
        "db:copy: Unexpected argument 'mariadb://app:***@db/conduit'. This command does not take positional arguments (see --help)\n",
      );
    });

    it('should take a relative SQLite path from where npm run was started (INIT_CWD)', () => {
      const { status, stdout, stderr } = runWith(
        { INIT_CWD: dir },
        '--from',
        `sqlite:${basename(sourcePath)}`,
        '--to',
        'sqlite:relative/copy.sqlite',
      );

      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      expect(stdout).toContain(`Copied sqlite:${sourcePath} → sqlite:${join(dir, 'relative', 'copy.sqlite')}`);
      expect(existsSync(join(dir, 'relative', 'copy.sqlite'))).toBe(true);
      expect(existsSync(join(process.cwd(), 'relative'))).toBe(false);
    });

    it('should take the password from MYSQL_PWD when the URL has a user and no password', async () => {
      const target = await newDatabase('pwd');

      const wrong = runWith({ MYSQL_PWD: 'not-the-password-4711' }, '--from', source, '--to', userOnlyUrl(target));
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toMatch(/^db:copy: cannot open the target .*Access denied.*using password: YES/);
      expect(wrong.stderr).not.toContain('4711');

      const right = runWith({ MYSQL_PWD: server.DB_PASSWORD }, '--from', source, '--to', userOnlyUrl(target));
      expect({ status: right.status, stderr: right.stderr }).toEqual({ status: 0, stderr: '' });
      expect(compareDigests(await digestsOf(source), await digestsOf(serverUrl(target)))).toEqual([]);
    });

    it('should copy, print a line per table when not on a terminal, and exit 0', async () => {
      const target = await newDatabase('cli');

      const { status, stdout, stderr } = run('--from', source, '--to', serverUrl(target));

      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      expect(stdout).toMatch(/^ {2}users +4 rows +\d+\.\d\d s +[\d,]+ rows\/s$/m);
      expect(stdout).toMatch(/^ {2}counters +1 row +\d/m);
      expect(stdout).toMatch(/^ {2}total +35 rows in \d+\.\d s/m);
      expect(stdout).toContain('Checked: every table has the source’s row count and digest');
      expect(compareDigests(await digestsOf(source), await digestsOf(serverUrl(target)))).toEqual([]);
    });

    it('should say in --help that tokens keep working, and where paths and passwords come from', () => {
      const { status, stdout } = run('--help');

      expect(status).toBe(0);
      expect(stdout).toMatch(/tokens issued before the move keep working/);
      expect(stdout).toMatch(/relative PATH is taken from the directory npm run was started in \(INIT_CWD/);
      expect(stdout).toMatch(/with a user and no password, the password comes from MYSQL_PWD/);
    });
  });
});
