import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import * as tar from 'tar';
import { DataSource, DataSourceOptions } from 'typeorm';
import { parseEnv } from '../../src/config/env.validation';
import { createBackup } from '../../src/database/backup/backup';
import { databaseDigests, Digests } from '../../src/database/backup/digest';
import { Manifest } from '../../src/database/backup/manifest';
import { withDataSource } from '../../src/database/backup/connection';
import { restoreBackup } from '../../src/database/backup/restore';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { api, createArticle, createComment, follow, registerUser, RegisteredUser } from './api';
import { createTestApp } from './create-test-app';
import { withEnv } from './env';
import { Scratch } from './scratch';
import { isMysqlTarget } from './test-database';

/** Strings that a dump must carry exactly: quotes, backslashes, line ends, control characters, emoji. */
export const TRICKY = [
  `it's "quoted" and 'single' and \`back\``,
  String.raw`back\slash \' \\ \n literal, \0 and \Z spelled out`,
  'line one\nline two\r\nCRLF\ttab',
  'NULL',
  '  spaces around  ',
  'emoji 🐉🧀 中文 Ünïcödé',
  '\u001a ctrl-Z and \u0008 backspace',
  ');\nINSERT INTO `users` VALUES (1);',
];

export interface Database {
  label: string;
  /** The variables that make the app, or a CLI, use this database. */
  env: Record<string, string | undefined>;
  options: DataSourceOptions;
  /** The SQLite file, or the MySQL database's name. */
  name: string;
}

/**
 * What the `db:backup` and `db:restore` specs share, on the suite's dialect: SQLite files in a
 * temporary folder (default), or throwaway databases on the MySQL/MariaDB server of DB_HOST
 * (DB_TYPE=mariadb). `BackupWorkspace.setUp()` registers the hooks that fill a source database through
 * the real app, back it up once (`roundTrip`), and remove every file and database afterwards.
 */
export class BackupWorkspace extends Scratch {
  readonly onMysql = isMysqlTarget();
  source!: Database;
  /** The backup of the source, taken once it is filled. */
  roundTrip!: string;
  manifest!: Manifest;
  sourceDigests!: Digests;
  users!: RegisteredUser[];

  private constructor() {
    super('conduit-backup-spec-');
  }

  static setUp(): BackupWorkspace {
    return Scratch.register(new BackupWorkspace());
  }

  /** A database of this run: not there / empty (`none`), or migrated by all (or all but the last) migrations. */
  readonly newDatabase = async (label: string, migrated: 'none' | 'all' | 'all-but-last'): Promise<Database> => {
    let env: Record<string, string | undefined>;
    let name: string;
    if (this.onMysql) {
      name = await this.newServerDatabase(`bk_${label}`);
      env = { DB_NAME: name, DB_MIGRATIONS_RUN: 'false', DB_READ_HOSTS: undefined, E2E_REPLICA_SYNC: undefined };
    } else {
      name = join(this.dir, label, 'conduit.sqlite');
      env = { DB_TYPE: 'sqlite', DB_PATH: name, DB_MIGRATIONS_RUN: 'false', DB_READ_HOSTS: undefined };
    }
    const options: DataSourceOptions = {
      ...buildDataSourceOptions(parseEnv({ ...process.env, ...env })),
      migrationsRun: false,
      logging: false,
    };
    const database = { label, env, name, options };
    if (migrated !== 'none') {
      await this.withDataSource(database, async (dataSource) => {
        await dataSource.runMigrations();
        if (migrated === 'all-but-last') {
          await dataSource.undoLastMigration();
        }
      });
    }
    return database;
  };

  readonly withDataSource = <T>(database: Database, use: (dataSource: DataSource) => Promise<T>): Promise<T> =>
    withDataSource(database.options, use);

  /** What a refused restore must leave as it was: the tables and their rows (and, on SQLite, the folder's files). */
  readonly stateOf = async (database: Database): Promise<unknown> => {
    if (!this.onMysql) {
      const folder = join(database.name, '..');
      const files = existsSync(folder) ? readdirSync(folder).sort() : [];
      return {
        files,
        digests: existsSync(database.name) ? await this.withDataSource(database, databaseDigests) : null,
      };
    }
    const server = { ...database.options, database: undefined, entities: [] } as DataSourceOptions;
    const tables = await withDataSource(server, async (connection) =>
      (
        await connection.query<{ t: string }[]>(
          'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
          [database.name],
        )
      ).map((row) => row.t),
    );
    return {
      tables: tables.sort(),
      digests: tables.length > 0 ? await this.withDataSource(database, databaseDigests) : null,
    };
  };

  readonly backup = (database: Database, out: string) => createBackup(database.options, { out, env: process.env });

  readonly restore = (file: string, database: Database, force = false) =>
    restoreBackup(database.options, file, { env: process.env, force });

  /** The archive again, with the text of its entry `name` changed by `edit`. */
  readonly withEntry = async (file: string, label: string, name: string, edit: (text: string) => string) => {
    const dir = join(this.dir, `edit-${label}`);
    mkdirSync(dir);
    await tar.x({ file, cwd: dir });
    const path = join(dir, name);
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    const out = join(this.dir, `${label}.tar.gz`);
    await tar.c({ file: out, cwd: dir, gzip: true }, readdirSync(dir));
    return out;
  };

  /** The archive again, with its manifest changed by `edit`. */
  readonly withManifest = (file: string, label: string, edit: (manifest: Manifest) => void): Promise<string> =>
    this.withEntry(file, label, 'manifest.json', (text) => {
      const edited = JSON.parse(text) as Manifest;
      edit(edited);
      return JSON.stringify(edited);
    });

  protected async fill(): Promise<void> {
    this.source = await this.newDatabase('source', 'all');
    await withEnv(this.source.env, async () => {
      const app = await createTestApp();
      try {
        this.users = await fillThroughApi(app);
      } finally {
        await app.close();
      }
    });
    this.sourceDigests = await this.withDataSource(this.source, databaseDigests);
    this.roundTrip = join(this.dir, 'round-trip.tar.gz');
    this.manifest = (await this.backup(this.source, this.roundTrip)).manifest;
  }
}

/** Users, follows, articles with tags, favorites and comments, tricky strings among them, through the API. */
async function fillThroughApi(app: INestApplication): Promise<RegisteredUser[]> {
  const call = api(app);
  const users: RegisteredUser[] = [];
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
  await follow(app, bob, alice);
  await follow(app, carol, alice);
  const slugs: string[] = [];
  for (const [index, body] of TRICKY.entries()) {
    const article = await createArticle(app, [alice, bob][index % 2], {
      title: `Tricky ${index} 🐉`,
      description: `d${index}`,
      body,
      tagList: ['café', `t${index % 3}`],
    });
    slugs.push(article.slug);
  }
  await call.post(`/api/articles/${slugs[0]}/favorite`, bob.token).expect(200);
  await call.post(`/api/articles/${slugs[0]}/favorite`, carol.token).expect(200);
  await call.post(`/api/articles/${slugs[1]}/favorite`, carol.token).expect(200);
  await createComment(app, slugs[0], carol, { body: TRICKY[1] });
  await createComment(app, slugs[2], alice, { body: 'NULL' });
  await call.delete(`/api/articles/${slugs[3]}`, bob.token).expect(204);
  return users;
}
