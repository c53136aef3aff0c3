import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions, MigrationInterface } from 'typeorm';
import { mysqlMigrations } from '../../src/database/migrations/mysql';
import { sqliteMigrations } from '../../src/database/migrations/sqlite';
import { contractions, writeAndReadAsRelease } from '../support/expand-only';
import { ColumnShape, SchemaSnapshot, snapshot } from '../support/schema-snapshot';
import {
  createDatabase,
  dataSourceFor,
  dropDatabase,
  isMysqlTarget,
  uniqueDatabaseName,
} from '../support/test-database';

/**
 * Releases roll back with `pm2 deploy ecosystem.config.js production revert 1`, which never reverts a
 * migration: the previous release runs on the schema the newer one left. So every migration must be
 * expand-only against the schema before it (README, "Releases with PM2 deploy"). On the dialect under
 * test (DB_TYPE), the migrations are applied one at a time to a fresh database, the schema is read after
 * each, and each step is compared with the one before; then the previous release's writes and reads
 * are run against it for real (the snapshot, the rules and the probe: test/support/schema-snapshot.ts
 * and expand-only.ts). The PM2 process file itself: ecosystem.spec.ts.
 */

/**
 * Contractions that are meant: a migration that drops or tightens what an earlier release used ships
 * only in a release after the one that stopped using it, and is listed here by name with exactly the
 * lines `contractions` prints for it. `revert` is then safe back to that release, not past it.
 */
const INTENDED_CONTRACTIONS: Record<string, string[]> = {};

// --- The migrations, one at a time ---------------------------------------------------------------------

const migrations: (new () => MigrationInterface)[] = isMysqlTarget() ? mysqlMigrations : sqliteMigrations;
const migrationName = (migration: new () => MigrationInterface) => new migration().name ?? migration.name;

describe(`Migrations (${process.env.DB_TYPE}) are expand-only, so a release rolls back without reverting them`, () => {
  let options: DataSourceOptions;
  let databaseName: string | undefined;
  let directory: string | undefined;
  /** snapshots[i]: the schema once migrations[0..i] have run. */
  const snapshots: SchemaSnapshot[] = [];
  /** probes[i]: what failed when the release before migrations[i] wrote and read after it ran. */
  const probes: string[][] = [];

  /** A DataSource on the test database that knows only the first `count` migrations (one release's code). */
  const releaseWith = (count: number) => new DataSource({ ...options, migrations: migrations.slice(0, count) });

  beforeAll(async () => {
    if (isMysqlTarget()) {
      databaseName = uniqueDatabaseName('expand');
      await createDatabase(databaseName);
      options = dataSourceFor({ DB_NAME: databaseName, DB_MIGRATIONS_RUN: 'false' }).options;
    } else {
      // A file, not :memory:, so that each release's DataSource opens the same database.
      directory = mkdtempSync(join(tmpdir(), 'conduit-expand-'));
      options = dataSourceFor({ DB_PATH: join(directory, 'conduit.sqlite'), DB_MIGRATIONS_RUN: 'false' }).options;
    }
    for (let i = 0; i < migrations.length; i++) {
      const dataSource = await releaseWith(i + 1).initialize();
      try {
        const ran = await dataSource.runMigrations();
        expect(ran.map((migration) => migration.name)).toEqual([migrationName(migrations[i])]);
        const queryRunner = dataSource.createQueryRunner();
        try {
          snapshots.push(await snapshot(queryRunner, dataSource.options.migrationsTableName ?? 'migrations'));
          // The first migration is checked against its own schema: the probe itself must work.
          probes.push(await writeAndReadAsRelease(queryRunner, snapshots[Math.max(i - 1, 0)], i));
        } finally {
          await queryRunner.release();
        }
      } finally {
        await dataSource.destroy();
      }
    }
  }, 120_000);

  afterAll(async () => {
    if (databaseName) {
      await dropDatabase(databaseName);
    }
    if (directory) {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('should read a schema with tables, columns, keys, foreign keys and index names after every migration', () => {
    expect(snapshots).toHaveLength(migrations.length);
    const last = snapshots[snapshots.length - 1];
    expect(Object.keys(last)).toEqual(expect.arrayContaining(['users', 'articles', 'comments', 'tags']));
    expect(last.users.columns.email).toMatchObject({ nullable: false, default: null });
    expect(last.users.uniqueKeys).toContainEqual(['email']);
    expect(last.articles.foreignKeys).toContainEqual({
      columns: ['author_id'],
      references: 'users(id) ON DELETE CASCADE ON UPDATE NO ACTION',
    });
    expect(last.articles.indexes).toContain('IDX_articles_created');
    expect(last.tags.indexes).toContain('IDX_tags_popularity');
  });

  it.each(migrations.slice(1).map((migration, i) => [migrationName(migration), i + 1]))(
    '%s should only expand the schema before it',
    (name, i) => {
      expect(contractions(snapshots[i - 1], snapshots[i])).toEqual(INTENDED_CONTRACTIONS[name] ?? []);
    },
  );

  it("should leave the previous release's INSERTs and SELECTs working after each migration", () => {
    const failed = probes.flatMap((failures, i) =>
      failures.map((line) => `after ${migrationName(migrations[i])}: ${line}`),
    );
    expect(failed).toEqual([]);
  });

  it("should let every earlier release's `npm run migration:run` (the post-deploy of a revert) find nothing to do", async () => {
    for (let count = 1; count < migrations.length; count++) {
      const dataSource = await releaseWith(count).initialize();
      try {
        expect(await dataSource.showMigrations()).toBe(false);
        expect(await dataSource.runMigrations()).toEqual([]);
      } finally {
        await dataSource.destroy();
      }
    }
  });

  // Last: it contracts the test database itself.
  it('should catch a contracting change made to this very database, read back as the others are', async () => {
    const dataSource = await releaseWith(migrations.length).initialize();
    const queryRunner = dataSource.createQueryRunner();
    try {
      const escape = (name: string) => dataSource.driver.escape(name);
      const before = snapshots[snapshots.length - 1];
      await queryRunner.query(`ALTER TABLE ${escape('users')} DROP COLUMN ${escape('bio')}`);
      await queryRunner.query(
        `CREATE UNIQUE INDEX ${escape('UQ_users_username')} ON ${escape('users')} (${escape('username')})`,
      );
      const after = await snapshot(queryRunner, 'migrations');

      expect(contractions(before, after)).toEqual([
        'table users, column bio: removed: the previous release still reads and writes it',
        "table users: new unique key (username) may refuse the previous release's rows",
      ]);
      expect(await writeAndReadAsRelease(queryRunner, before, migrations.length)).toContainEqual(
        expect.stringMatching(/^users: .*bio/),
      );
    } finally {
      await queryRunner.release();
      await dataSource.destroy();
    }
  });
});

// --- The checks can fail --------------------------------------------------------------------------------

describe('The expand-only check', () => {
  const column = (shape: Partial<ColumnShape> = {}): ColumnShape => ({
    type: 'varchar(32)',
    nullable: false,
    default: null,
    generated: false,
    ...shape,
  });
  const before: SchemaSnapshot = {
    users: {
      columns: {
        id: column({ type: 'int', generated: true }),
        username: column(),
        bio: column({ type: 'text', nullable: true }),
      },
      primaryKey: ['id'],
      uniqueKeys: [['username']],
      foreignKeys: [],
      checks: [],
      indexes: ['IDX_users_username'],
    },
    articles: {
      columns: { id: column({ type: 'int', generated: true }), author_id: column({ type: 'int' }) },
      primaryKey: ['id'],
      uniqueKeys: [],
      foreignKeys: [],
      checks: [],
      indexes: ['IDX_articles_author'],
    },
  };
  const change = (edit: (schema: SchemaSnapshot) => void): SchemaSnapshot => {
    const after = structuredClone(before);
    edit(after);
    return after;
  };

  it('should accept a new table, a nullable column, a column with a default and a key on a new nullable column', () => {
    const after = change((schema) => {
      schema.tags = {
        columns: { id: column({ type: 'int' }) },
        primaryKey: ['id'],
        uniqueKeys: [],
        foreignKeys: [],
        checks: [],
        indexes: [],
      };
      schema.users.columns.image = column({ nullable: true });
      schema.users.columns.articles_count = column({ type: 'int', default: '0' });
      schema.users.columns.external_id = column({ nullable: true });
      schema.users.uniqueKeys.push(['external_id']);
      schema.users.columns.bio.nullable = true;
    });

    expect(contractions(before, after)).toEqual([]);
  });

  it('should refuse a dropped column, a dropped table and a rename', () => {
    const after = change((schema) => {
      delete schema.users.columns.bio;
      delete schema.articles;
    });
    const renamed = change((schema) => {
      schema.users.columns.name = schema.users.columns.username;
      delete schema.users.columns.username;
      schema.users.uniqueKeys = [['name']];
    });

    expect(contractions(before, after)).toEqual([
      'table users, column bio: removed: the previous release still reads and writes it',
      'table articles: removed (or renamed)',
    ]);
    expect(contractions(before, renamed)).toEqual([
      'table users, column username: removed (renamed to name?): the previous release still reads and writes it',
      'table users, column name: added NOT NULL without a default: ' + "the previous release's INSERTs leave it out",
      "table users: new unique key (name) may refuse the previous release's rows",
    ]);
  });

  it('should refuse a NOT NULL column without a default, a retype and a tightened column', () => {
    const after = change((schema) => {
      schema.users.columns.email = column();
      schema.users.columns.username.type = 'varchar(16)';
      schema.users.columns.bio.nullable = false;
      schema.users.columns.id.generated = false;
    });

    expect(contractions(before, after)).toEqual([
      'table users, column id: no longer generated: the previous release leaves it out of its INSERTs',
      'table users, column username: type changed from varchar(32) to varchar(16)',
      'table users, column bio: made NOT NULL: the previous release may write NULL',
      "table users, column email: added NOT NULL without a default: the previous release's INSERTs leave it out",
    ]);
  });

  it('should refuse a dropped or renamed index, and accept one rebuilt under its name', () => {
    const dropped = change((schema) => {
      schema.articles.indexes = ['IDX_articles_author_created'];
    });
    const rebuilt = change((schema) => {
      schema.articles.indexes = ['IDX_articles_author', 'IDX_articles_extra'];
    });

    expect(contractions(before, dropped)).toEqual([
      'table articles: index IDX_articles_author removed or renamed: a query of the previous release may name it',
    ]);
    expect(contractions(before, rebuilt)).toEqual([]);
  });

  it('should refuse a new unique key, foreign key or check over existing columns', () => {
    const after = change((schema) => {
      schema.articles.uniqueKeys.push(['author_id']);
      schema.articles.foreignKeys.push({
        columns: ['author_id'],
        references: 'users(id) ON DELETE CASCADE ON UPDATE NO ACTION',
      });
      schema.users.checks.push('length(username) > 2');
    });

    expect(contractions(before, after)).toEqual([
      "table users: new check (length(username) > 2) may refuse the previous release's rows",
      "table articles: new unique key (author_id) may refuse the previous release's rows",
      "table articles: new foreign key (author_id) → users(id) ON DELETE CASCADE ON UPDATE NO ACTION may refuse the previous release's writes",
    ]);
  });
});
