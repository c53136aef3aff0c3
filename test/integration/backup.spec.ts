import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupSummary, createBackup } from '../../src/database/backup/backup';
import { counterProblems } from '../../src/database/backup/consistency';
import { databaseDigests } from '../../src/database/backup/digest';
import { codeMigrations } from '../../src/database/backup/migration-check';
import { dataTables } from '../../src/database/backup/tables';
import { UserEntity } from '../../src/users/user.entity';
import { createArticle, registerUser } from '../support/api';
import { BackupWorkspace, Database, TRICKY } from '../support/backup-workspace';
import { buildIfNeeded, runBuilt } from '../support/built-commands';
import { createTestApp } from '../support/create-test-app';
import { withEnv } from '../support/env';

/**
 * `npm run db:backup` on the suite's dialect (test/support/backup-workspace.ts): the library called
 * directly, then both commands as child processes (from dist/, built when older than the sources).
 * Restoring damaged, foreign or older backups: restore.spec.ts.
 */
jest.setTimeout(120_000);

describe('db:backup', () => {
  const workspace = BackupWorkspace.setUp();
  const { onMysql, newDatabase, withDataSource, backup, restore } = workspace;

  describe('backup', () => {
    it('should describe exactly the source: every table, its rows and digest, the last migration', () => {
      const migrations = codeMigrations(workspace.source.options);
      expect(workspace.manifest).toEqual({
        format: 1,
        dialect: onMysql ? process.env.DB_TYPE : 'sqlite',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        server: { name: 'conduit-nestjs', version: expect.any(String) },
        lastMigration: migrations[migrations.length - 1],
        migrations: migrations.length,
        data: onMysql ? 'dump.sql' : 'conduit.sqlite',
        tables: workspace.sourceDigests,
        schema: expect.any(Object),
      });
      expect(Object.keys(workspace.manifest.tables).sort()).toEqual([
        'article_tags',
        'articles',
        'comments',
        'counters',
        'favorites',
        'follows',
        'tags',
        'users',
      ]);
      expect(workspace.manifest.tables.articles.rows).toBe(TRICKY.length - 1);
    });

    it('should carry the tricky strings exactly (the dump parser agrees with the database)', async () => {
      // Strings the API refuses (NUL) or normalises, written straight into the source.
      await withDataSource(workspace.source, async (dataSource) => {
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
      const out = join(workspace.dir, 'tricky.tar.gz');
      const result = await backup(workspace.source, out);
      const digests = await withDataSource(workspace.source, databaseDigests);
      expect(result.manifest.tables).toEqual(digests);
      expect(result.manifest.tables.users.rows).toBe(workspace.users.length + 1);
      await withDataSource(workspace.source, (dataSource) =>
        dataSource.getRepository(UserEntity).delete({ username: 'raw' }),
      );
    });

    it('should name the file by dialect and UTC time, and never overwrite one', async () => {
      const folder = join(workspace.dir, 'named');
      mkdirSync(folder);
      const result = await createBackup(workspace.source.options, {
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
      await expect(
        createBackup(workspace.source.options, {
          cwd: folder,
          out: name,
          env: process.env,
        }),
      ).rejects.toThrow(/already exists/);
    });

    it('should take a consistent backup while the server writes', async () => {
      const live = await newDatabase('live', 'all');
      const during = join(workspace.dir, 'during.tar.gz');
      const acknowledged: { slug: string; at: number }[] = [];
      let started = 0;
      await withEnv(live.env, async () => {
        const app = await createTestApp();
        try {
          const writer = await registerUser(app, { username: 'writer_bk' });
          let stop = false;
          const writes = (async () => {
            for (let i = 0; !stop && i < 500; i++) {
              const { slug } = await createArticle(app, writer, {
                title: `Live ${i}`,
                tagList: ['live'],
              });
              acknowledged.push({ slug, at: Date.now() });
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

  describe('the commands', () => {
    const run = (script: string, args: string[], database: Database) =>
      runBuilt(script, args, { env: database.env, cwd: workspace.dir });

    beforeAll(buildIfNeeded, 240_000);

    it('should back up and restore, one summary line each, and refuse with one line and exit 1', async () => {
      const backedUp = run('db-backup.js', ['--out', 'cli.tar.gz'], workspace.source);
      expect({ status: backedUp.status, stderr: backedUp.stderr }).toEqual({
        status: 0,
        stderr: '',
      });
      expect(backedUp.stdout).toMatch(/^backup .*cli\.tar\.gz: .* rows \(users \d+, .*\), \d+\.\d s\n$/);

      const target = await newDatabase('cli', 'none');
      const truncated = join(workspace.dir, 'cli-truncated.tar.gz');
      const bytes = readFileSync(join(workspace.dir, 'cli.tar.gz'));
      writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
      const refused = run('db-restore.js', [truncated], target);
      expect({ status: refused.status, stdout: refused.stdout }).toEqual({
        status: 1,
        stdout: '',
      });
      expect(refused.stderr).toMatch(/^db:restore: .*cli-truncated\.tar\.gz is damaged or truncated: [^\n]+\n$/);

      const restored = run('db-restore.js', ['cli.tar.gz'], target);
      expect({ status: restored.status, stderr: restored.stderr }).toEqual({
        status: 0,
        stderr: '',
      });
      expect(restored.stdout).toMatch(/^restored \d+ rows \(users 3, .*\); migrations applied: none; \d+\.\d s\n$/);
      expect(await withDataSource(target, databaseDigests)).toEqual(workspace.sourceDigests);

      const again = run('db-restore.js', ['cli.tar.gz'], target);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/^db:restore: target database is not empty \(\d+ tables\); [^\n]+\n$/);
      expect(run('db-restore.js', [], target).stderr).toMatch(/^db:restore: give one backup file[^\n]+\n$/);
      expect(run('db-backup.js', ['--help'], target).status).toBe(0);
    });
  });
});
