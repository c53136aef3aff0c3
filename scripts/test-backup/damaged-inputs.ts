// 2. Damaged input: a truncated backup, a manifest that does not match its data, a backup from a
//    newer schema, a non-empty target: each one clear line, exit 1, the target unchanged.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { machineMariadb } from '../lib/mariadb';
import { withManifest } from './archive';
import { Backup } from './backup-while-serving';
import { BackupContext, createDatabase, runScript } from './context';

const count = async (sql: string, parameters: unknown[] = []): Promise<number> =>
  Number((await machineMariadb.query<{ n: number | string }>(sql, parameters))[0].n);

export async function damagedInputs(context: BackupContext, { archive, target }: Backup): Promise<void> {
  const { test, work, figures } = context;
  const empty = await createDatabase(context, 'damaged');
  const bytes = readFileSync(archive);
  const truncated = path.join(work, 'truncated.tar.gz');
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const wrongDigest = await withManifest(work, archive, 'wrong-manifest', (manifest) => {
    manifest.tables.articles.sha256 = '0'.repeat(64);
  });
  const newerSchema = await withManifest(work, archive, 'newer-schema', (manifest) => {
    manifest.lastMigration = 'FutureSchema9999999999999';
  });
  const articles = `SELECT COUNT(*) AS n FROM \`${target}\`.articles`;
  const targetRows = await count(articles);

  // Each refusal must be for its own reason: a restore failing for another one (no client, no
  // connection) would otherwise pass all four.
  const cases: [string, string, string, RegExp][] = [
    ['a truncated backup', truncated, empty, /damaged or truncated/],
    ['a manifest that does not match its data', wrongDigest, empty, /manifest does not match the data: articles/],
    ['a backup from a newer schema', newerSchema, empty, /newer schema \(FutureSchema9999999999999\)/],
    ['a non-empty target (no --force)', archive, target, /not empty/],
  ];
  figures.damaged = [];
  for (const [what, file, database, reason] of cases) {
    const result = await runScript(context, 'dist/bin/db-restore.js', [file], machineMariadb.env(database));
    const lines = result.stderr.trim().split('\n').filter(Boolean);
    figures.damaged.push(`${what}: exit ${result.code}, "${lines.join(' / ')}"`);
    test.check(
      result.code === 1 && lines.length === 1 && reason.test(lines[0]),
      `${what}: exit 1 with one line: ${lines.join(' / ')}`,
    );
  }
  const tables = await count('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?', [empty]);
  test.check(tables === 0, 'the empty target is still empty after three refused restores');
  test.check((await count(articles)) === targetRows, 'the non-empty target is unchanged');
}
