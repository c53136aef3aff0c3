import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NestExpressApplication } from '@nestjs/platform-express';
import * as tar from 'tar';
import { DataSource, DataSourceOptions } from 'typeorm';
import { parseEnv } from '../../src/config/env.validation';
import { backupSummary, createBackup } from '../../src/database/backup/backup';
import { counterProblems } from '../../src/database/backup/consistency';
import { databaseDigests, Digests } from '../../src/database/backup/digest';
import { DumpReader } from '../../src/database/backup/dump-reader';
import { BackupError } from '../../src/database/backup/errors';
import { Manifest, manifestTables } from '../../src/database/backup/manifest';
import { codeMigrations } from '../../src/database/backup/migration-check';
import { DumpValue, readTuples } from '../../src/database/backup/mysql-literals';
import { restoreBackup, restoreSummary } from '../../src/database/backup/restore';
import { dataTables } from '../../src/database/backup/tables';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { UserEntity } from '../../src/users/user.entity';
import { api, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { withEnv } from '../support/env';
import { createDatabase, dropDatabase, isMysqlTarget, uniqueDatabaseName } from '../support/test-database';

/**
 * `npm run db:backup` and `npm run db:restore` on the suite's dialect: SQLite files in a temporary
 * folder (default), or throwaway databases on the MySQL/MariaDB server of DB_HOST (DB_TYPE=mariadb).
 * The source is filled through the real app; the library is called directly, the CLI once as a
 * child process (from dist/, built when older than the sources).
 */
jest.setTimeout(120_000);

const onMysql = isMysqlTarget();

/** Strings that a dump must carry exactly: quotes, backslashes, line ends, control characters, emoji. */
const TRICKY = [
  `it's "quoted" and 'single' and \`back\``,
  String.raw`back\slash \' \\ \n literal, \0 and \Z spelled out`,
  'line one\nline two\r\nCRLF\ttab',
  'NULL',
  '  spaces around  ',
  'emoji 🐉🧀 中文 Ünïcödé',
  '\u001a ctrl-Z and \u0008 backspace',
  ');\nINSERT INTO `users` VALUES (1);',
];

interface Database {
  label: string;
  /** The variables that make the app, or a CLI, use this database. */
  env: Record<string, string | undefined>;
  options: DataSourceOptions;
  /** The SQLite file, or the MySQL database's name. */
  name: string;
}

describe('db:backup and db:restore', () => {
  let work: string;
  const databases: string[] = [];
  let source: Database;
  let roundTrip: string;
  let manifest: Manifest;
  let sourceDigests: Digests;
  let users: RegisteredUser[];

  const optionsFor = (env: Record<string, string | undefined>): DataSourceOptions => ({
    ...buildDataSourceOptions(parseEnv({ ...process.env, ...env })),
    migrationsRun: false,
    logging: false,
  });

  async function withDataSource<T>(database: Database, use: (dataSource: DataSource) => Promise<T>): Promise<T> {
    const dataSource = await new DataSource(database.options).initialize();
    try {
      return await use(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }

  /** A database of this run: not there / empty (`none`), or migrated by all (or all but the last) migrations. */
  async function newDatabase(label: string, migrated: 'none' | 'all' | 'all-but-last'): Promise<Database> {
    let env: Record<string, string | undefined>;
    let name: string;
    if (onMysql) {
      name = uniqueDatabaseName(`bk_${label}`);
      databases.push(name);
      await createDatabase(name);
      env = { DB_NAME: name, DB_MIGRATIONS_RUN: 'false', DB_READ_HOSTS: undefined, E2E_REPLICA_SYNC: undefined };
    } else {
      name = join(work, label, 'conduit.sqlite');
      env = { DB_TYPE: 'sqlite', DB_PATH: name, DB_MIGRATIONS_RUN: 'false', DB_READ_HOSTS: undefined };
    }
    const database = { label, env, name, options: optionsFor(env) };
    if (migrated !== 'none') {
      await withDataSource(database, async (dataSource) => {
        await dataSource.runMigrations();
        if (migrated === 'all-but-last') {
          await dataSource.undoLastMigration();
        }
      });
    }
    return database;
  }

  /** What a refused restore must leave as it was: the tables and their rows (and, on SQLite, the folder's files). */
  async function stateOf(database: Database): Promise<unknown> {
    if (!onMysql) {
      const folder = join(database.name, '..');
      const files = existsSync(folder) ? readdirSync(folder).sort() : [];
      return { files, digests: existsSync(database.name) ? await withDataSource(database, databaseDigests) : null };
    }
    const tables = await withDataSource(
      { ...database, options: { ...database.options, database: undefined, entities: [] } as DataSourceOptions },
      async (server) =>
        (
          await server.query<{ t: string }[]>(
            'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
            [database.name],
          )
        ).map((row) => row.t),
    );
    return {
      tables: tables.sort(),
      digests: tables.length > 0 ? await withDataSource(database, databaseDigests) : null,
    };
  }

  const backup = (database: Database, out: string) => createBackup(database.options, { out, env: process.env });
  const restore = (file: string, database: Database, force = false) =>
    restoreBackup(database.options, file, { env: process.env, force });

  /** The archive again, with the text of its entry `name` changed by `edit`. */
  async function withEntry(file: string, label: string, name: string, edit: (text: string) => string): Promise<string> {
    const dir = join(work, `edit-${label}`);
    mkdirSync(dir);
    await tar.x({ file, cwd: dir });
    const path = join(dir, name);
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    const out = join(work, `${label}.tar.gz`);
    await tar.c({ file: out, cwd: dir, gzip: true }, readdirSync(dir));
    return out;
  }

  /** The archive again, with its manifest changed by `edit`. */
  const withManifest = (file: string, label: string, edit: (manifest: Manifest) => void): Promise<string> =>
    withEntry(file, label, 'manifest.json', (text) => {
      const edited = JSON.parse(text) as Manifest;
      edit(edited);
      return JSON.stringify(edited);
    });

  /** Users, follows, articles with tags, favorites and comments, tricky strings among them, through the API. */
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'conduit-backup-spec-'));
    source = await newDatabase('source', 'all');
    await withEnv(source.env, async () => {
      const app: NestExpressApplication = await createTestApp();
      try {
        const call = api(app);
        users = [];
        for (const name of ['alice', 'bob', 'carol']) {
          users.push(await registerUser(app, { username: `${name}_bk` }));
        }
        const [alice, bob, carol] = users;
        await call
          .put('/api/user', alice.token)
          .send({ user: { bio: TRICKY.join(' | ') } })
          .expect(200);
        await call
          .put('/api/user', bob.token)
          .send({ user: { bio: 'NULL' } })
          .expect(200);
        await call.post(`/api/profiles/${alice.username}/follow`, bob.token).expect(200);
        await call.post(`/api/profiles/${alice.username}/follow`, carol.token).expect(200);
        const slugs: string[] = [];
        for (const [index, body] of TRICKY.entries()) {
          const res = await call
            .post('/api/articles', [alice, bob][index % 2].token)
            .send({
              article: {
                title: `Tricky ${index} 🐉`,
                description: `d${index}`,
                body,
                tagList: ['café', `t${index % 3}`],
              },
            })
            .expect(201);
          slugs.push(res.body.article.slug as string);
        }
        await call.post(`/api/articles/${slugs[0]}/favorite`, bob.token).expect(200);
        await call.post(`/api/articles/${slugs[0]}/favorite`, carol.token).expect(200);
        await call.post(`/api/articles/${slugs[1]}/favorite`, carol.token).expect(200);
        await call
          .post(`/api/articles/${slugs[0]}/comments`, carol.token)
          .send({ comment: { body: TRICKY[1] } })
          .expect(201);
        await call
          .post(`/api/articles/${slugs[2]}/comments`, alice.token)
          .send({ comment: { body: 'NULL' } })
          .expect(201);
        await call.delete(`/api/articles/${slugs[3]}`, bob.token).expect(204);
      } finally {
        await app.close();
      }
    });
    sourceDigests = await withDataSource(source, databaseDigests);
    roundTrip = join(work, 'round-trip.tar.gz');
    manifest = (await backup(source, roundTrip)).manifest;
  });

  afterAll(async () => {
    for (const name of databases) {
      await dropDatabase(name);
    }
    rmSync(work, { recursive: true, force: true });
  });

  describe('the dump reader', () => {
    const tuples = (line: string) => {
      const rows: DumpValue[][] = [];
      const end = readTuples(line, 0, (values) => rows.push(values));
      return { rows, end };
    };

    it('should read MySQL literals: NULL and numbers, escapes, doubled quotes, introducers, hex', () => {
      expect(
        tuples(
          String.raw`(1,-2.5e3,NULL,'NULL','it\'s ''q'' \"d\"','a\\b\nc\rd\te\0f\Zg\bh','\%\_\x','🐉 中文',_binary 'bin',0x6869,X'4869',_utf8mb4'u');`,
        ),
      ).toEqual({
        rows: [
          [
            '1',
            '-2.5e3',
            null,
            'NULL',
            `it's 'q' "d"`,
            'a\\b\nc\rd\te\0f\u001ag\bh',
            '\\%\\_x',
            '🐉 中文',
            'bin',
            'hi',
            'Hi',
            'u',
          ],
        ],
        end: 'end',
      });
      expect(tuples(`(1,'a'),(2,'b'),`)).toEqual({
        rows: [
          ['1', 'a'],
          ['2', 'b'],
        ],
        end: 'more',
      });
      expect(tuples(`(3,'),(;')  ;`)).toEqual({ rows: [['3', '),(;']], end: 'end' });
    });

    it('should refuse what is not a row list', () => {
      for (const line of [`(1,'open`, `(1,2`, `(1,2) (3)`, `(1,nope)`, `1,2`, `(1,'a\\`, `(1,'a');DROP DATABASE x;`]) {
        expect(() => tuples(line)).toThrow(BackupError);
      }
    });

    const table = {
      name: 'things',
      primaryKey: ['id'],
      columns: [
        { name: 'id', kind: 'integer' as const },
        { name: 'v', kind: 'text' as const },
      ],
    };
    const read = (lines: string[], mode: 'backup' | 'verify' = 'backup') => {
      const reader = new DumpReader([table], mode);
      lines.forEach((line) => reader.line(line));
      return reader.finish();
    };
    const CREATE = [
      'CREATE TABLE `things` (',
      '  `id` int(11) NOT NULL,',
      '  `v` text DEFAULT NULL,',
      '  PRIMARY KEY (`id`)',
      ') ENGINE=InnoDB;',
    ];

    it('should digest mysqldump (one line) and mariadb-dump (a row per line) alike, by column name', () => {
      const mysqldump = read([
        ...CREATE,
        "INSERT INTO `things` VALUES (1,'a\\nb'),(2,NULL);",
        '-- Dump completed on 2026-12-03',
      ]);
      const mariadb = read([
        ...CREATE,
        "INSERT INTO `things` (`v`, `id`) VALUES ('a\\nb',1),",
        '(NULL,2);',
        '-- Dump completed on 2026-12-03',
      ]);
      expect(mysqldump.digests.things.rows).toBe(2);
      expect(mariadb.digests).toEqual(mysqldump.digests);
    });

    it('should refuse rows out of primary-key order, a cut dump, a missing column', () => {
      expect(() => read([...CREATE, "INSERT INTO `things` VALUES (2,'a'),(1,'b');", '-- Dump completed'])).toThrow(
        /not in primary-key order/,
      );
      expect(() => read([...CREATE, "INSERT INTO `things` VALUES (1,'a'),"])).toThrow(/ends inside a statement/);
      expect(() => read([...CREATE, "INSERT INTO `things` VALUES (1,'a');"])).toThrow(/incomplete/);
      const narrow = ['CREATE TABLE `things` (', '  `id` int(11) NOT NULL,', ') ENGINE=InnoDB;'];
      // In checking mode a table whose columns differ is not digested: the restore names the difference.
      const checked = read([...narrow, '-- Dump completed'], 'verify');
      expect({ digests: checked.digests, created: checked.created }).toEqual({
        digests: {},
        created: new Map([['things', ['id']]]),
      });
      expect(read([...narrow, 'INSERT INTO `things` VALUES (1);', '-- Dump completed']).tables[0].columns).toEqual([
        { name: 'id', kind: 'integer' },
      ]);
    });
    it('should read a 4 MB one-line INSERT fed in 16 KB chunks, as the same rows one per line', async () => {
      const rows: string[] = [];
      for (let id = 1, size = 0; size < 4_000_000; id++) {
        // Mostly plain strings (each one once searched to the end of the line, before), some escapes.
        const value = id % 1000 === 0 ? String.raw`it''s \\ a \'row\' \n ${id}` : `plain row ${id} ${'x'.repeat(40)}`;
        rows.push(`(${id},'${value}')`);
        size += rows[rows.length - 1].length + 1;
      }
      const text = [...CREATE, `INSERT INTO \`things\` VALUES ${rows.join(',')};`, '-- Dump completed', ''].join('\n');
      const bytes = Buffer.from(text);
      expect(bytes.length).toBeGreaterThan(4_000_000);
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += 16 * 1024) {
        chunks.push(bytes.subarray(at, at + 16 * 1024));
      }
      const reader = new DumpReader([table], 'verify');
      await pipeline(Readable.from(chunks), reader.sink());
      const oneLine = reader.finish();
      const perLine = read([
        ...CREATE,
        `INSERT INTO \`things\` VALUES ${rows[0]},`,
        ...rows.slice(1, -1).map((row) => `${row},`),
        `${rows[rows.length - 1]};`,
        '-- Dump completed',
      ]);
      expect(oneLine.digests.things.rows).toBe(rows.length);
      expect(oneLine.digests).toEqual(perLine.digests);
    });

    describe('in checking mode, takes only the statements mysqldump and mariadb-dump write', () => {
      const check = (lines: string[]) => read([...lines, '-- Dump completed'], 'verify');

      it('should take their headers, table structure and data', () => {
        const header = [
          '/*M!999999\\- enable the sandbox mode */ ',
          '-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)',
          '--',
          '',
          '/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;',
          '/*!40101 SET NAMES utf8mb4 */;',
          '/*!50503 SET NAMES utf8mb4 */;',
          "/*!40103 SET TIME_ZONE='+00:00' */;",
          '/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;',
          "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;",
          '/*M!100616 SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */;',
          'SET @MYSQLDUMP_TEMP_LOG_BIN = @@SESSION.SQL_LOG_BIN;',
          'SET @@SESSION.SQL_LOG_BIN= 0;',
          "SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5';",
          'DROP TABLE IF EXISTS `things`;',
          '/*!40101 SET @saved_cs_client     = @@character_set_client */;',
          '/*!40101 SET character_set_client = utf8mb4 */;',
          ...CREATE.slice(0, -1),
          ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='a;b \\' -- /*';",
          '/*!40101 SET character_set_client = @saved_cs_client */;',
          '-- ORDER BY:  `id`',
          'LOCK TABLES `things` WRITE;',
          '/*!40000 ALTER TABLE `things` DISABLE KEYS */;',
          "INSERT INTO `things` (`id`, `v`) VALUES (1,'a;b'),",
          "(2,'USE other;');",
          '/*!40000 ALTER TABLE `things` ENABLE KEYS */;',
          'UNLOCK TABLES;',
          '/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;',
        ];
        expect(check(header).digests.things.rows).toBe(2);
      });

      it.each([
        'USE `other`;',
        'use other;',
        'DROP DATABASE `conduit`;',
        'DROP TABLE IF EXISTS `other`.`users`;',
        'CREATE DATABASE `other`;',
        '/*!40101 DROP DATABASE `conduit` */;',
        '/*!40101 SET @a = 1 */; DROP DATABASE `conduit`;',
        '/*!40101 SET @a = 1, @@GLOBAL.read_only = 1 */;',
        "SET PASSWORD = PASSWORD('x');",
        "SET GLOBAL general_log = 'ON';",
        'SET STATEMENT max_statement_time = 1 FOR DROP DATABASE `conduit`;',
        'DELETE FROM `things`;',
        'GRANT ALL ON *.* TO x;',
        '\\! rm -rf /tmp/x',
        'system rm -rf /tmp/x',
        'source /etc/passwd',
        'LOCK TABLES `things` WRITE; DROP DATABASE `conduit`;',
      ])('should refuse %j before the client runs anything', (statement) => {
        expect(() => check([statement])).toThrow(/^dump line 1: not a statement mysqldump writes: ".+"$/);
      });

      it('should refuse a CREATE TABLE that hides a statement, a table created twice or dropped after', () => {
        const create = (line: string) => check([...CREATE.slice(0, 2), line, ...CREATE.slice(2)]);
        for (const line of [
          '  `v` text; DROP DATABASE `conduit`;',
          "  `w` int /* ' */; USE x; /* ' */,",
          '  `w` int \\! ls,',
        ]) {
          expect(() => create(line)).toThrow(/^dump line 3: not a line of CREATE TABLE as mysqldump writes it: /);
        }
        expect(() => check([...CREATE.slice(0, -1), ') ENGINE=InnoDB; DROP DATABASE `conduit`;'])).toThrow(
          /^dump line 5: not a line of CREATE TABLE/,
        );
        expect(() => check([...CREATE, ...CREATE])).toThrow(/^dump line 6: CREATE TABLE things a second time$/);
        expect(() => check([...CREATE, 'DROP TABLE IF EXISTS `things`;'])).toThrow(
          /^dump line 6: DROP TABLE things after its CREATE TABLE$/,
        );
        expect(() => check([...CREATE, 'INSERT INTO `things` (`id`) VALUES (1);'])).toThrow(
          /^dump line 6: INSERT INTO things does not name the columns of its CREATE TABLE$/,
        );
        expect(() => check(["INSERT INTO `things` (`id`, `v`) VALUES (1,'a');"])).toThrow(
          /^dump line 1: INSERT INTO things does not name the columns of its CREATE TABLE$/,
        );
      });
    });
  });

  describe('backup', () => {
    it('should describe exactly the source: every table, its rows and digest, the last migration', () => {
      const migrations = codeMigrations(source.options);
      expect(manifest).toEqual({
        format: 1,
        dialect: onMysql ? process.env.DB_TYPE : 'sqlite',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        server: { name: 'conduit-nestjs', version: expect.any(String) },
        lastMigration: migrations[migrations.length - 1],
        migrations: migrations.length,
        data: onMysql ? 'dump.sql' : 'conduit.sqlite',
        tables: sourceDigests,
        schema: expect.any(Object),
      });
      expect(Object.keys(manifest.tables).sort()).toEqual([
        'article_tags',
        'articles',
        'comments',
        'counters',
        'favorites',
        'follows',
        'tags',
        'users',
      ]);
      expect(manifest.tables.articles.rows).toBe(TRICKY.length - 1);
    });

    it('should carry the tricky strings exactly (the dump parser agrees with the database)', async () => {
      // Strings the API refuses (NUL) or normalises, written straight into the source.
      await withDataSource(source, async (dataSource) => {
        await dataSource.getRepository(UserEntity).save({
          email: 'raw@example.com',
          username: 'raw',
          usernameKey: 'raw',
          passwordHash: 'x',
          bio: TRICKY.join('\0'),
          image: 'NULL',
          createdAt: new Date('2026-12-03T10:15:30.123Z'),
          updatedAt: new Date('2026-12-03T10:15:30.000Z'),
        });
      });
      const out = join(work, 'tricky.tar.gz');
      const result = await backup(source, out);
      const digests = await withDataSource(source, databaseDigests);
      expect(result.manifest.tables).toEqual(digests);
      expect(result.manifest.tables.users.rows).toBe(users.length + 1);
      await withDataSource(source, (dataSource) => dataSource.getRepository(UserEntity).delete({ username: 'raw' }));
    });

    it('should name the file by dialect and UTC time, and never overwrite one', async () => {
      const folder = join(work, 'named');
      mkdirSync(folder);
      const result = await createBackup(source.options, {
        cwd: folder,
        env: process.env,
        now: new Date('2026-12-03T15:45:00.987Z'),
      });
      const name = `conduit-${onMysql ? process.env.DB_TYPE : 'sqlite'}-20261203T154500Z.tar.gz`;
      expect(result.file).toBe(join(folder, name));
      expect(readdirSync(folder)).toEqual([name]);
      expect(backupSummary(result)).toMatch(
        new RegExp(`^backup .*${name}: \\d+ (B|kB|MB), \\d+ rows \\(users \\d+, .*\\), \\d+\\.\\d s$`),
      );
      await expect(createBackup(source.options, { cwd: folder, out: name, env: process.env })).rejects.toThrow(
        /already exists/,
      );
    });

    it('should take a consistent backup while the server writes', async () => {
      const live = await newDatabase('live', 'all');
      const during = join(work, 'during.tar.gz');
      const acknowledged: { slug: string; at: number }[] = [];
      let started = 0;
      await withEnv(live.env, async () => {
        const app = await createTestApp();
        try {
          const writer = await registerUser(app, { username: 'writer_bk' });
          let stop = false;
          const writes = (async () => {
            for (let i = 0; !stop && i < 500; i++) {
              const res = await api(app)
                .post('/api/articles', writer.token)
                .send({ article: { title: `Live ${i}`, description: 'd', body: 'b', tagList: ['live'] } })
                .expect(201);
              acknowledged.push({ slug: res.body.article.slug as string, at: Date.now() });
            }
          })();
          while (acknowledged.length < 10) {
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          started = Date.now();
          await backup(live, during);
          stop = true;
          await writes;
        } finally {
          await app.close();
        }
      });
      const target = await newDatabase('live_target', 'none');
      const result = await restore(during, target);
      await withDataSource(target, async (dataSource) => {
        const slugs = (await dataSource.query<{ slug: string }[]>('SELECT slug FROM articles')).map((row) => row.slug);
        const before = acknowledged.filter((write) => write.at < started).map((write) => write.slug);
        expect(before.length).toBeGreaterThanOrEqual(10);
        expect(slugs).toEqual(expect.arrayContaining(before));
        expect(await databaseDigests(dataSource, dataTables(dataSource))).toEqual(result.manifest.tables);
        expect(await counterProblems(dataSource)).toEqual([]);
      });
    });
  });

  describe('restore', () => {
    let target: Database;
    let empty: Database;

    beforeAll(async () => {
      target = await newDatabase('target', 'none');
      empty = await newDatabase('empty', 'none');
    });

    it('should restore into an empty database: the same rows, digests and counters', async () => {
      const result = await restore(roundTrip, target);
      expect(result.migrationsApplied).toEqual([]);
      expect(restoreSummary(result)).toMatch(
        /^restored \d+ rows \(users 3, .*\); migrations applied: none; \d+\.\d s$/,
      );
      await withDataSource(target, async (dataSource) => {
        expect(await databaseDigests(dataSource)).toEqual(sourceDigests);
        expect(await counterProblems(dataSource)).toEqual([]);
        expect(await dataSource.showMigrations()).toBe(false);
        const [alice] = await dataSource.query<{ bio: string }[]>('SELECT bio FROM users WHERE username = ?', [
          'alice_bk',
        ]);
        expect(alice.bio).toBe(TRICKY.join(' | '));
      });
    });

    describe('refuses damaged input with one line, changing nothing', () => {
      const refusals: [string, () => string | Promise<string>, RegExp][] = [
        ['a missing file', () => join(work, 'nowhere.tar.gz'), /^cannot read .*nowhere\.tar\.gz: no such file$/],
        [
          'a file that is not gzip',
          () => {
            const path = join(work, 'text.tar.gz');
            writeFileSync(path, 'not a backup\n');
            return path;
          },
          /^.*text\.tar\.gz is not a \.tar\.gz backup \(no gzip header\)$/,
        ],
        [
          'a truncated archive',
          () => {
            const path = join(work, 'truncated.tar.gz');
            const bytes = readFileSync(roundTrip);
            writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
            return path;
          },
          /^.*truncated\.tar\.gz is damaged or truncated: .+$/,
        ],
        [
          'an archive without its last bytes',
          () => {
            const path = join(work, 'tail.tar.gz');
            const bytes = readFileSync(roundTrip);
            writeFileSync(path, bytes.subarray(0, bytes.length - 6));
            return path;
          },
          /^.*tail\.tar\.gz is damaged or truncated: .+$/,
        ],
        [
          'a manifest with a wrong digest',
          () =>
            withManifest(roundTrip, 'wrong-digest', (edited) => void (edited.tables.articles.sha256 = '0'.repeat(64))),
          /^manifest does not match the data: articles: same \d+ rows count, different content$/,
        ],
        [
          'a manifest with a wrong row count',
          () => withManifest(roundTrip, 'wrong-rows', (edited) => void (edited.tables.comments.rows += 1)),
          /^manifest does not match the data: comments: 2 rows, expected 3$/,
        ],
        [
          'a manifest with a wrong last migration',
          () =>
            withManifest(roundTrip, 'wrong-migration', (edited) => {
              edited.lastMigration = codeMigrations(source.options)[0];
            }),
          /^manifest does not match the data: migrations: the data's last is \w+, the manifest says \w+$/,
        ],
        [
          'a manifest without a table',
          () =>
            withManifest(roundTrip, 'no-follows', (edited) => {
              delete edited.tables.follows;
              delete edited.schema.follows;
            }),
          /^manifest does not match the data: table follows is in the data, not in the manifest$/,
        ],
        [
          'a manifest without a column, its digest made to match',
          async () => {
            const users = manifestTables(manifest).find((table) => table.name === 'users')!;
            const narrow = { ...users, columns: users.columns.filter((column) => column.name !== 'bio') };
            const digests = await withDataSource(source, (dataSource) => databaseDigests(dataSource, [narrow]));
            return withManifest(roundTrip, 'no-bio', (edited) => {
              edited.schema.users.columns = narrow.columns;
              edited.tables.users = digests.users;
            });
          },
          /^manifest does not match the data: table users: its columns differ from the manifest's \(not in the manifest: bio\)$/,
        ],
        [
          'a manifest without tables',
          () =>
            withManifest(roundTrip, 'no-tables', (edited) => {
              edited.tables = {};
              edited.schema = {};
            }),
          /^manifest does not match the data: table article_tags is in the data, not in the manifest; (table \w+ is in the data, not in the manifest; ){6}table users is in the data, not in the manifest$/,
        ],
        [
          'a manifest with a table the data lacks',
          () =>
            withManifest(roundTrip, 'ghost', (edited) => {
              edited.tables.ghosts = { rows: 0, sha256: edited.tables.counters.sha256 };
              edited.schema.ghosts = edited.schema.counters;
            }),
          /^manifest does not match the data: table ghosts is in the manifest, not in the data$/,
        ],
        [
          'an invalid manifest',
          () => withManifest(roundTrip, 'format', (edited) => void ((edited as { format: number }).format = 2)),
          /^.*format\.tar\.gz: manifest\.json is invalid: format 2 is not one this code reads \(1\)$/,
        ],
        [
          'a backup of the other dialect',
          () => withManifest(roundTrip, 'dialect', (edited) => void (edited.dialect = onMysql ? 'sqlite' : 'mariadb')),
          new RegExp(
            `^.*dialect\\.tar\\.gz is a ${onMysql ? 'sqlite' : 'mariadb'} backup; the configured database is ${onMysql ? process.env.DB_TYPE : 'sqlite'}$`,
          ),
        ],
        [
          'a backup from a newer schema',
          () => withManifest(roundTrip, 'newer', (edited) => void (edited.lastMigration = 'FutureSchema9999999999999')),
          /^backup is from a newer schema \(FutureSchema9999999999999\); upgrade the code first$/,
        ],
        [
          'a backup from another line of migrations',
          () => withManifest(roundTrip, 'unknown', (edited) => void (edited.lastMigration = 'Sideways1000000000000')),
          /^backup's last migration Sideways1000000000000 is not one of this code's migrations \(its last is \w+\)$/,
        ],
      ];

      it.each(refusals)('%s', async (_what, make, message) => {
        const file = await make();
        const before = await stateOf(empty);
        const error = (await restore(file, empty).catch((caught: unknown) => caught)) as Error;
        expect(error).toBeInstanceOf(BackupError);
        expect(error.message).toMatch(message);
        expect(error.message).not.toContain('\n');
        expect(await stateOf(empty)).toEqual(before);
      });

      (onMysql ? it : it.skip)('a dump.sql with USE or DROP DATABASE, refused before the client runs it', async () => {
        const victim = await newDatabase('victim', 'all');
        for (const statement of [`USE \`${victim.name}\`;`, `DROP DATABASE \`${victim.name}\`;`]) {
          const file = await withEntry(roundTrip, `dump-${statement.split(' ')[0]}`, 'dump.sql', (dump) => {
            const lines = dump.split('\n');
            return [lines[0], statement, ...lines.slice(1)].join('\n');
          });
          const before = [await stateOf(empty), await stateOf(victim)];
          const error = (await restore(file, empty).catch((caught: unknown) => caught)) as Error;
          expect(error).toBeInstanceOf(BackupError);
          expect(error.message).toBe(`dump line 2: not a statement mysqldump writes: ${JSON.stringify(statement)}`);
          expect([await stateOf(empty), await stateOf(victim)]).toEqual(before);
        }
      });

      (onMysql ? it.skip : it)('a SQLite file another process has open (the server, in WAL mode)', async () => {
        const busy = await newDatabase('busy', 'all');
        const server = await new DataSource(busy.options).initialize();
        try {
          await server.query("INSERT INTO counters (name, value) VALUES ('busy', 1)");
          expect(existsSync(`${busy.name}-wal`)).toBe(true);
          const before = { state: await stateOf(busy), inode: statSync(busy.name).ino };
          await expect(restore(roundTrip, busy, true)).rejects.toThrow(
            /^the SQLite file .*conduit\.sqlite is open by another process: stop the server first$/,
          );
          expect({ state: await stateOf(busy), inode: statSync(busy.name).ino }).toEqual(before);
          await server.query("UPDATE counters SET value = 2 WHERE name = 'busy'");
        } finally {
          await server.destroy();
        }
        // Once the server has stopped, the same restore goes through.
        await restore(roundTrip, busy, true);
        expect(await withDataSource(busy, databaseDigests)).toEqual(sourceDigests);
      });

      it('a target that is not empty, without --force', async () => {
        const before = await stateOf(target);
        await expect(restore(roundTrip, target)).rejects.toThrow(
          /^target database is not empty \(\d+ tables\); restore into an empty database or pass --force$/,
        );
        expect(await stateOf(target)).toEqual(before);
      });
    });

    it('should replace a target that is not empty with --force', async () => {
      await withDataSource(target, async (dataSource) => {
        await dataSource.query("UPDATE users SET bio = 'changed'");
        await dataSource.query('DELETE FROM comments');
      });
      await restore(roundTrip, target, true);
      await withDataSource(target, async (dataSource) => {
        expect(await databaseDigests(dataSource)).toEqual(sourceDigests);
        expect(await counterProblems(dataSource)).toEqual([]);
      });
    });

    it('should migrate a backup from an older schema forward', async () => {
      const old = await newDatabase('old', 'all-but-last');
      await withDataSource(old, async (dataSource) => {
        await dataSource.getRepository(UserEntity).save({
          email: 'old@example.com',
          username: 'Old',
          usernameKey: 'old',
          passwordHash: 'x',
          bio: null,
          image: null,
          createdAt: new Date('2026-01-02T03:04:05.678Z'),
          updatedAt: new Date('2026-01-02T03:04:05.678Z'),
        });
      });
      const migrations = codeMigrations(old.options);
      const file = join(work, 'old.tar.gz');
      const taken = await backup(old, file);
      expect(taken.manifest.lastMigration).toBe(migrations[migrations.length - 2]);
      expect(taken.manifest.migrations).toBe(migrations.length - 1);

      const fresh = await newDatabase('forward', 'none');
      const result = await restore(file, fresh);
      expect(result.migrationsApplied).toEqual([migrations[migrations.length - 1]]);
      expect(restoreSummary(result)).toContain(`migrations applied: ${migrations[migrations.length - 1]};`);
      await withDataSource(fresh, async (dataSource) => {
        expect(await dataSource.showMigrations()).toBe(false);
        expect(await databaseDigests(dataSource)).toEqual(taken.manifest.tables);
        expect(await counterProblems(dataSource)).toEqual([]);
      });
    });
  });

  describe('the commands', () => {
    const run = (script: string, args: string[], database: Database) => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const [name, value] of Object.entries(database.env)) {
        if (value === undefined) {
          delete env[name];
        } else {
          env[name] = value;
        }
      }
      return spawnSync(process.execPath, [join(process.cwd(), 'dist/bin', script), ...args], {
        encoding: 'utf8',
        cwd: work,
        env,
      });
    };

    beforeAll(() => {
      const build = spawnSync(process.execPath, ['scripts/build-if-needed.mjs'], { encoding: 'utf8' });
      if (build.status !== 0) {
        throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
      }
    }, 240_000);

    it('should back up and restore, one summary line each, and refuse with one line and exit 1', async () => {
      const backedUp = run('db-backup.js', ['--out', 'cli.tar.gz'], source);
      expect({ status: backedUp.status, stderr: backedUp.stderr }).toEqual({ status: 0, stderr: '' });
      expect(backedUp.stdout).toMatch(/^backup .*cli\.tar\.gz: .* rows \(users \d+, .*\), \d+\.\d s\n$/);

      const target = await newDatabase('cli', 'none');
      const truncated = join(work, 'cli-truncated.tar.gz');
      const bytes = readFileSync(join(work, 'cli.tar.gz'));
      writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
      const refused = run('db-restore.js', [truncated], target);
      expect({ status: refused.status, stdout: refused.stdout }).toEqual({ status: 1, stdout: '' });
      expect(refused.stderr).toMatch(/^db:restore: .*cli-truncated\.tar\.gz is damaged or truncated: [^\n]+\n$/);

      const restored = run('db-restore.js', ['cli.tar.gz'], target);
      expect({ status: restored.status, stderr: restored.stderr }).toEqual({ status: 0, stderr: '' });
      expect(restored.stdout).toMatch(/^restored \d+ rows \(users 3, .*\); migrations applied: none; \d+\.\d s\n$/);
      expect(await withDataSource(target, databaseDigests)).toEqual(sourceDigests);

      const again = run('db-restore.js', ['cli.tar.gz'], target);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/^db:restore: target database is not empty \(\d+ tables\); [^\n]+\n$/);
      expect(run('db-restore.js', [], target).stderr).toMatch(/^db:restore: give one backup file[^\n]+\n$/);
      expect(run('db-backup.js', ['--help'], target).status).toBe(0);
    });
  });
});
