import { copyFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseEnv } from '../../src/config/env.validation';
import { CopyError, copyDatabase } from '../../src/database/backup/copy';
import { parseDatabaseUrl } from '../../src/database/backup/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { CopySource, serverUrl, withDatabase } from '../support/copy-source';

/**
 * What `npm run db:copy` refuses, and what it leaves behind when it fails half-way: the source of
 * test/support/copy-source.ts and files made from it. Needs the MySQL/MariaDB server of DB_HOST, as
 * copy.spec.ts does.
 */
jest.setTimeout(60_000);

describe('db:copy refusals', () => {
  const fixture = CopySource.setUp();

  it('should refuse to copy a database onto itself, however its path is spelled', async () => {
    await expect(
      copyDatabase({
        from: parseDatabaseUrl(fixture.source),
        to: parseDatabaseUrl(`sqlite:${fixture.dir}/../${basename(fixture.dir)}/source.sqlite`),
      }),
    ).rejects.toThrow('source and target are the same database');
    await expect(
      copyDatabase({
        from: parseDatabaseUrl('mysql://root@localhost:3306/conduit'),
        to: parseDatabaseUrl('mariadb://127.0.0.1/conduit'),
      }),
    ).rejects.toThrow('source and target are the same database');
  });

  describe('a source not at the code’s migrations', () => {
    const migratedFile = async (name: string, change: (dataSource: DataSource) => Promise<unknown>) => {
      const path = join(fixture.dir, name);
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
      const target = join(fixture.dir, 'never.sqlite');

      const copy = copyDatabase({ from: parseDatabaseUrl(behind), to: parseDatabaseUrl(`sqlite:${target}`) });

      await expect(copy).rejects.toThrow(CopyError);
      await expect(copy).rejects.toThrow(
        'the source is at migration TagsPopularityDescending1796220000000, the code at UsersLastArticleAt1796300000000: run npm run migration:run on the source first',
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
        copyDatabase({
          from: parseDatabaseUrl(ahead),
          to: parseDatabaseUrl(`sqlite:${join(fixture.dir, 'never.sqlite')}`),
        }),
      ).rejects.toThrow('the source is at migration FromTheFuture1999999999999, newer than this code');
    });

    it('should refuse a file that is not a Conduit database', async () => {
      const empty = await migratedFile('empty.sqlite', (dataSource) => dataSource.query('DROP TABLE migrations'));

      await expect(
        copyDatabase({
          from: parseDatabaseUrl(empty),
          to: parseDatabaseUrl(`sqlite:${join(fixture.dir, 'never.sqlite')}`),
        }),
      ).rejects.toThrow(/has no migrations table/);
    });
  });

  describe('a source row the target refuses', () => {
    let broken: string;

    beforeAll(async () => {
      // A follow of a user who does not exist: SQLite took it with its foreign keys off.
      const path = join(fixture.dir, 'broken.sqlite');
      copyFileSync(fixture.sourcePath, path);
      broken = `sqlite:${path}`;
      await withDatabase(broken, async (dataSource) => {
        await dataSource.query('PRAGMA foreign_keys = OFF');
        await dataSource.query(
          `INSERT INTO follows (follower_id, followee_id, created_at) VALUES (1, 999, '2026-01-01 00:00:00.000')`,
        );
      });
    });

    it('should fail naming the table, and remove the SQLite file it created', async () => {
      const target = join(fixture.dir, 'half.sqlite');

      await expect(
        copyDatabase({ from: parseDatabaseUrl(broken), to: parseDatabaseUrl(`sqlite:${target}`) }),
      ).rejects.toThrow(
        /^copying follows failed: FOREIGN KEY constraint failed \(removed the new file .*half\.sqlite\)$/,
      );
      expect(existsSync(target)).toBe(false);
    });

    it('should fail naming the table, and say that the database it wrote to must be emptied', async () => {
      const target = await fixture.newServerDatabase('half');

      await expect(
        copyDatabase({ from: parseDatabaseUrl(broken), to: parseDatabaseUrl(serverUrl(target)) }),
      ).rejects.toThrow(
        /^copying follows failed: .*foreign key constraint fails.*; the target keeps the rows written so far: empty it/,
      );
    });
  });

  describe('a source value that is not its column’s kind', () => {
    it('should fail naming the table and the value, not copy it as NULL', async () => {
      const path = join(fixture.dir, 'text-in-integer.sqlite');
      copyFileSync(fixture.sourcePath, path);
      // SQLite keeps text that does not look like a number as text, even in an integer column.
      await withDatabase(`sqlite:${path}`, (dataSource) =>
        dataSource.query(`UPDATE users SET articles_count = 'many' WHERE username = 'bob_copy'`),
      );
      const target = join(fixture.dir, 'never-text.sqlite');

      await expect(
        copyDatabase({ from: parseDatabaseUrl(`sqlite:${path}`), to: parseDatabaseUrl(`sqlite:${target}`) }),
      ).rejects.toThrow(/^copying users failed: not an integer: 'many' \(removed the new file .*\)$/);
      expect(existsSync(target)).toBe(false);
    });
  });
});
