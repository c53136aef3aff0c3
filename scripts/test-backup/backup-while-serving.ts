// 1. Backup while serving: the small dataset seeded on MariaDB, the server taking writes from a
//    bounded loop on loopback, `db:backup` taken in the middle; `db:restore` into a fresh database;
//    every write acknowledged before the backup began is there, and the rows and digests of every
//    table are the manifest's.
import { statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { SingleArticleResponse } from '../../src/articles/article.dto';
import type { UserResponse } from '../../src/users/user.dto';
import { apiClient } from '../lib/http';
import { Loops } from '../lib/load';
import { machineMariadb } from '../lib/mariadb';
import { digestsOf, readManifest } from './archive';
import { BackupContext, createDatabase, mustRun, SEED, startServer } from './context';

const WRITERS = 4;
/** Longest the writes may pause while the backup runs: a locking dump would stop them for seconds. */
const MAX_PAUSE_MS = 2000;
const MAX_WRITES = 4000;

export interface Backup {
  archive: string;
  /** The database it was restored into. */
  target: string;
}

export async function backupWhileServing(context: BackupContext): Promise<Backup> {
  const { test, work, figures } = context;
  const { check, waitFor } = test;
  const source = await createDatabase(context, 'source');
  const seeded = await mustRun(context, 'seed --scale small on MariaDB', SEED, ['--scale', 'small'], {
    ...machineMariadb.env(source),
  });
  figures.seedSeconds = seeded.seconds;

  const { server, baseUrl } = await startServer(context, 'source', machineMariadb.env(source));
  const api = apiClient(baseUrl);
  const writer = await api<UserResponse>('POST', '/api/users', {
    body: { user: { username: `drill${process.pid}`, email: `drill${process.pid}@example.com`, password: 'password' } },
  });
  check(writer.status === 201, 'a writer registered');
  const token = writer.body.user.token;

  // Bounded writes on loopback: each acknowledged article with the moment its 201 arrived.
  const acknowledged: { slug: string; at: number }[] = [];
  let sent = 0;
  const writers = new Loops(WRITERS, async (lane) => {
    if (sent >= MAX_WRITES) {
      return false;
    }
    sent++;
    const res = await api<SingleArticleResponse>('POST', '/api/articles', {
      token,
      body: { article: { title: `Drill ${lane} ${sent}`, description: 'd', body: 'b', tagList: ['drill'] } },
    });
    if (res.status !== 201) {
      throw new Error(`a write answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    acknowledged.push({ slug: res.body.article.slug, at: Date.now() });
  });
  await waitFor('300 acknowledged writes', () => {
    if (writers.failure) {
      throw writers.failure;
    }
    return acknowledged.length >= 300;
  });

  const archive = path.join(work, 'backup.tar.gz');
  const backupStartedAt = Date.now();
  const backup = await mustRun(
    context,
    'db:backup while the server takes writes',
    'dist/bin/db-backup.js',
    ['--out', archive],
    machineMariadb.env(source),
  );
  const backupEndedAt = Date.now();
  const during = acknowledged.filter((write) => write.at >= backupStartedAt).map((write) => write.at);
  await writers.stop();
  // A dump that locked the tables would show as a pause in the acknowledgements, not just fewer of them.
  const stamps = [backupStartedAt, ...during.filter((at) => at <= backupEndedAt), backupEndedAt];
  const longestPause = Math.max(...stamps.slice(1).map((at, i) => at - stamps[i]));
  check(
    during.length > 0 && longestPause < MAX_PAUSE_MS,
    `writes went on during the backup: ${during.length} acknowledged, longest pause ${longestPause} ms`,
  );
  figures.longestPause = longestPause;
  figures.backupSeconds = backup.seconds;
  figures.backupBytes = statSync(archive).size;

  const target = await createDatabase(context, 'restored');
  const restore = await mustRun(
    context,
    'db:restore into a fresh database',
    'dist/bin/db-restore.js',
    [archive],
    machineMariadb.env(target),
  );
  figures.restoreSeconds = restore.seconds;

  const before = acknowledged.filter((write) => write.at < backupStartedAt).map((write) => write.slug);
  const found = await machineMariadb.query(`SELECT slug FROM \`${target}\`.articles WHERE slug IN (?)`, [before]);
  check(
    found.length === before.length,
    `all ${before.length} writes acknowledged before the backup began are restored`,
  );
  figures.writesChecked = before.length;
  figures.writesSent = acknowledged.length;

  const manifest = await readManifest(work, archive);
  const restored = await digestsOf(machineMariadb.env(target));
  const mismatched = Object.entries(manifest.tables).filter(
    ([table, digest]) => !isDeepStrictEqual(restored[table], digest),
  );
  check(
    mismatched.length === 0,
    `every table's rows and digest are the manifest's${mismatched.length ? `, not ${mismatched.map(([t]) => t).join(',')}` : ''}`,
  );
  figures.rows = Object.values(manifest.tables).reduce((sum, table) => sum + table.rows, 0);
  figures.tables = Object.keys(manifest.tables).length;
  check(server.errorLines().length === 0, 'the server logged no error while it was backed up');
  await server.stop();
  return { archive, target };
}
