import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { counterProblems } from '../../src/database/backup/consistency';
import { databaseDigests } from '../../src/database/backup/digest';
import { BackupError } from '../../src/database/backup/errors';
import { manifestTables } from '../../src/database/backup/manifest';
import { codeMigrations } from '../../src/database/backup/migration-check';
import { restoreSummary } from '../../src/database/backup/restore';
import { BackupWorkspace, Database, TRICKY } from '../support/backup-workspace';

/**
 * `npm run db:restore` on the suite's dialect (test/support/backup-workspace.ts): the backup of a
 * source filled through the real app goes into empty and non-empty databases, damaged or foreign
 * backups are refused with one line and change nothing, and an older schema is migrated forward.
 */
jest.setTimeout(120_000);

describe('db:restore', () => {
  const workspace = BackupWorkspace.setUp();
  const { onMysql, newDatabase, withDataSource, stateOf, backup, restore, withEntry, withManifest } = workspace;

  let target: Database;
  let empty: Database;

  beforeAll(async () => {
    target = await newDatabase('target', 'none');
    empty = await newDatabase('empty', 'none');
  });

  it('should restore into an empty database: the same rows, digests and counters', async () => {
    const result = await restore(workspace.roundTrip, target);
    expect(result.migrationsApplied).toEqual([]);
    expect(restoreSummary(result)).toMatch(/^restored \d+ rows \(users 3, .*\); migrations applied: none; \d+\.\d s$/);
    await withDataSource(target, async (dataSource) => {
      expect(await databaseDigests(dataSource)).toEqual(workspace.sourceDigests);
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
      ['a missing file', () => join(workspace.dir, 'nowhere.tar.gz'), /^cannot read .*nowhere\.tar\.gz: no such file$/],
      [
        'a file that is not gzip',
        () => {
          const path = join(workspace.dir, 'text.tar.gz');
          writeFileSync(path, 'not a backup\n');
          return path;
        },
        /^.*text\.tar\.gz is not a \.tar\.gz backup \(no gzip header\)$/,
      ],
      [
        'a truncated archive',
        () => {
          const path = join(workspace.dir, 'truncated.tar.gz');
          const bytes = readFileSync(workspace.roundTrip);
          writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
          return path;
        },
        /^.*truncated\.tar\.gz is damaged or truncated: .+$/,
      ],
      [
        'an archive without its last bytes',
        () => {
          const path = join(workspace.dir, 'tail.tar.gz');
          const bytes = readFileSync(workspace.roundTrip);
          writeFileSync(path, bytes.subarray(0, bytes.length - 6));
          return path;
        },
        /^.*tail\.tar\.gz is damaged or truncated: .+$/,
      ],
      [
        'a manifest with a wrong digest',
        () =>
          withManifest(
            workspace.roundTrip,
            'wrong-digest',
            (edited) => void (edited.tables.articles.sha256 = '0'.repeat(64)),
          ),
        /^manifest does not match the data: articles: same \d+ rows count, different content$/,
      ],
      [
        'a manifest with a wrong row count',
        () => withManifest(workspace.roundTrip, 'wrong-rows', (edited) => void (edited.tables.comments.rows += 1)),
        /^manifest does not match the data: comments: 2 rows, expected 3$/,
      ],
      [
        'a manifest with a wrong last migration',
        () =>
          withManifest(workspace.roundTrip, 'wrong-migration', (edited) => {
            edited.lastMigration = codeMigrations(workspace.source.options)[0];
          }),
        /^manifest does not match the data: migrations: the data's last is \w+, the manifest says \w+$/,
      ],
      [
        'a manifest without a table',
        () =>
          withManifest(workspace.roundTrip, 'no-follows', (edited) => {
            delete edited.tables.follows;
            delete edited.schema.follows;
          }),
        /^manifest does not match the data: table follows is in the data, not in the manifest$/,
      ],
      [
        'a manifest without a column, its digest made to match',
        async () => {
          const users = manifestTables(workspace.manifest).find((table) => table.name === 'users')!;
          const narrow = { ...users, columns: users.columns.filter((column) => column.name !== 'bio') };
          const digests = await withDataSource(workspace.source, (dataSource) => databaseDigests(dataSource, [narrow]));
          return withManifest(workspace.roundTrip, 'no-bio', (edited) => {
            edited.schema.users.columns = narrow.columns;
            edited.tables.users = digests.users;
          });
        },
        /^manifest does not match the data: table users: its columns differ from the manifest's \(not in the manifest: bio\)$/,
      ],
      [
        'a manifest without tables',
        () =>
          withManifest(workspace.roundTrip, 'no-tables', (edited) => {
            edited.tables = {};
            edited.schema = {};
          }),
        /^manifest does not match the data: table article_tags is in the data, not in the manifest; (table \w+ is in the data, not in the manifest; ){6}table users is in the data, not in the manifest$/,
      ],
      [
        'a manifest with a table the data lacks',
        () =>
          withManifest(workspace.roundTrip, 'ghost', (edited) => {
            edited.tables.ghosts = { rows: 0, sha256: edited.tables.counters.sha256 };
            edited.schema.ghosts = edited.schema.counters;
          }),
        /^manifest does not match the data: table ghosts is in the manifest, not in the data$/,
      ],
      [
        'an invalid manifest',
        () => withManifest(workspace.roundTrip, 'format', (edited) => void ((edited as { format: number }).format = 2)),
        /^.*format\.tar\.gz: manifest\.json is invalid: format 2 is not one this code reads \(1\)$/,
      ],
      [
        'a backup of the other dialect',
        () =>
          withManifest(
            workspace.roundTrip,
            'dialect',
            (edited) => void (edited.dialect = onMysql ? 'sqlite' : 'mariadb'),
          ),
        new RegExp(
          `^.*dialect\\.tar\\.gz is a ${onMysql ? 'sqlite' : 'mariadb'} backup; the configured database is ${onMysql ? process.env.DB_TYPE : 'sqlite'}$`,
        ),
      ],
      [
        'a backup from a newer schema',
        () =>
          withManifest(
            workspace.roundTrip,
            'newer',
            (edited) => void (edited.lastMigration = 'FutureSchema9999999999999'),
          ),
        /^backup is from a newer schema \(FutureSchema9999999999999\); upgrade the code first$/,
      ],
      [
        'a backup from another line of migrations',
        () =>
          withManifest(
            workspace.roundTrip,
            'unknown',
            (edited) => void (edited.lastMigration = 'Sideways1000000000000'),
          ),
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
        const file = await withEntry(workspace.roundTrip, `dump-${statement.split(' ')[0]}`, 'dump.sql', (dump) => {
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
        await expect(restore(workspace.roundTrip, busy, true)).rejects.toThrow(
          /^the SQLite file .*conduit\.sqlite is open by another process: stop the server first$/,
        );
        expect({ state: await stateOf(busy), inode: statSync(busy.name).ino }).toEqual(before);
        await server.query("UPDATE counters SET value = 2 WHERE name = 'busy'");
      } finally {
        await server.destroy();
      }
      // Once the server has stopped, the same restore goes through.
      await restore(workspace.roundTrip, busy, true);
      expect(await withDataSource(busy, databaseDigests)).toEqual(workspace.sourceDigests);
    });

    it('a target that is not empty, without --force', async () => {
      const before = await stateOf(target);
      await expect(restore(workspace.roundTrip, target)).rejects.toThrow(
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
    await restore(workspace.roundTrip, target, true);
    await withDataSource(target, async (dataSource) => {
      expect(await databaseDigests(dataSource)).toEqual(workspace.sourceDigests);
      expect(await counterProblems(dataSource)).toEqual([]);
    });
  });

  it('should migrate a backup from an older schema forward', async () => {
    const old = await newDatabase('old', 'all-but-last');
    await withDataSource(old, async (dataSource) => {
      // The columns of the older schema only: the entity may have more.
      await dataSource.query(
        `INSERT INTO users (email, username, username_key, password_hash, bio, image, created_at, updated_at)
        VALUES ('old@example.com', 'Old', 'old', 'x', NULL, NULL, '2026-01-02 03:04:05.678', '2026-01-02 03:04:05.678')`,
      );
    });
    const migrations = codeMigrations(old.options);
    const file = join(workspace.dir, 'old.tar.gz');
    const taken = await backup(old, file);
    expect(taken.manifest.lastMigration).toBe(migrations[migrations.length - 2]);
    expect(taken.manifest.migrations).toBe(migrations.length - 1);

    const fresh = await newDatabase('forward', 'none');
    const result = await restore(file, fresh);
    expect(result.migrationsApplied).toEqual([migrations[migrations.length - 1]]);
    expect(restoreSummary(result)).toContain(`migrations applied: ${migrations[migrations.length - 1]};`);
    await withDataSource(fresh, async (dataSource) => {
      expect(await dataSource.showMigrations()).toBe(false);
      // Over the backup's columns: the last migration may have added some.
      expect(await databaseDigests(dataSource, manifestTables(taken.manifest))).toEqual(taken.manifest.tables);
      expect(await counterProblems(dataSource)).toEqual([]);
    });
  });
});
