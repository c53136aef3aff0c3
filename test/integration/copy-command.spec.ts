import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compareDigests } from '../../src/database/backup/digest';
import { buildIfNeeded, runBuilt } from '../support/built-commands';
import { CopySource, digestsOf, SCHEME, server, serverUrl } from '../support/copy-source';
import { uniqueDatabaseName } from '../support/test-database';

/**
 * `npm run db:copy` as operators run it, built (dist/, when older than the sources) and started as a
 * child process, on the source of test/support/copy-source.ts. Needs the MySQL/MariaDB server of
 * DB_HOST, as copy.spec.ts does.
 */
jest.setTimeout(60_000);

describe('npm run db:copy (the built command)', () => {
  const fixture = CopySource.setUp();

  const run = (...args: string[]) => runBuilt('db-copy.js', args);
  /** As `run`, with these variables set (undefined: unset) in its environment. */
  const runWith = (env: Record<string, string | undefined>, ...args: string[]) => runBuilt('db-copy.js', args, { env });
  const userOnlyUrl = (database: string) =>
    `${SCHEME}://${encodeURIComponent(server.DB_USER)}@${server.DB_HOST}:${server.DB_PORT}/${database}`;

  beforeAll(buildIfNeeded, 240_000);

  it('should exit 1 with one line on a bad argument', () => {
    for (const args of [
      ['--from', 'postgres://db/conduit', '--to', `sqlite:${join(fixture.dir, 'x.sqlite')}`],
      ['--from', fixture.source],
      ['--from', fixture.source, '--to', serverUrl(uniqueDatabaseName('missing'))],
      ['--from', fixture.source, '--to', fixture.source],
      ['--from', fixture.source, '--to', `sqlite:${join(fixture.dir, 'x.sqlite')}`, '--batch', 'many'],
    ]) {
      const { status, stderr } = run(...args);
      expect({ args, status, lines: stderr.trimEnd().split('\n') }).toEqual({
        args,
        status: 1,
        lines: [expect.stringMatching(/^db:copy: \S/)],
      });
    }
    expect(run('--from', 'postgres://db/conduit', '--to', fixture.source).stderr).toBe(
      "db:copy: --from: unknown database URL scheme 'postgres:': use sqlite:PATH, mysql://USER:PASSWORD@HOST:PORT/DATABASE or mariadb://…\n",
    );
    expect(existsSync(join(fixture.dir, 'x.sqlite'))).toBe(false);
  });

  it('should not show the password of a URL given without its --to', () => {
    const { status, stderr } = run('--from', fixture.source, 'mariadb://app:hunter2@db/conduit');

    expect(status).toBe(1);
    expect(stderr).toBe(
      "db:copy: Unexpected argument 'mariadb://app:***@db/conduit'. This command does not take positional arguments (see --help)\n",
    );
  });

  it('should take a relative SQLite path from where npm run was started (INIT_CWD)', () => {
    const { status, stdout, stderr } = runWith(
      { INIT_CWD: fixture.dir },
      '--from',
      `sqlite:${basename(fixture.sourcePath)}`,
      '--to',
      'sqlite:relative/copy.sqlite',
    );

    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toContain(
      `Copied sqlite:${fixture.sourcePath} → sqlite:${join(fixture.dir, 'relative', 'copy.sqlite')}`,
    );
    expect(existsSync(join(fixture.dir, 'relative', 'copy.sqlite'))).toBe(true);
    expect(existsSync(join(process.cwd(), 'relative'))).toBe(false);
  });

  it('should take the password from MYSQL_PWD when the URL has a user and no password', async () => {
    const target = await fixture.newServerDatabase('pwd');

    const wrong = runWith(
      { MYSQL_PWD: 'not-the-password-4711' },
      '--from',
      fixture.source,
      '--to',
      userOnlyUrl(target),
    );
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/^db:copy: cannot open the target .*Access denied.*using password: YES/);
    expect(wrong.stderr).not.toContain('4711');

    const right = runWith({ MYSQL_PWD: server.DB_PASSWORD }, '--from', fixture.source, '--to', userOnlyUrl(target));
    expect({ status: right.status, stderr: right.stderr }).toEqual({ status: 0, stderr: '' });
    expect(compareDigests(await digestsOf(fixture.source), await digestsOf(serverUrl(target)))).toEqual([]);
  });

  it('should copy, print a line per table when not on a terminal, and exit 0', async () => {
    const target = await fixture.newServerDatabase('cli');

    const { status, stdout, stderr } = run('--from', fixture.source, '--to', serverUrl(target));

    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toMatch(/^ {2}users +4 rows +\d+\.\d\d s +[\d,]+ rows\/s$/m);
    expect(stdout).toMatch(/^ {2}counters +1 row +\d/m);
    expect(stdout).toMatch(/^ {2}total +35 rows in \d+\.\d s/m);
    expect(stdout).toContain('Checked: every table has the source’s row count and digest');
    expect(compareDigests(await digestsOf(fixture.source), await digestsOf(serverUrl(target)))).toEqual([]);
  });

  it('should say in --help that tokens keep working, and where paths and passwords come from', () => {
    const { status, stdout } = run('--help');

    expect(status).toBe(0);
    expect(stdout).toMatch(/tokens issued before the move keep working/);
    expect(stdout).toMatch(/relative PATH is taken from the directory npm run was started in \(INIT_CWD/);
    expect(stdout).toMatch(/with a user and no password, the password comes from MYSQL_PWD/);
  });
});
