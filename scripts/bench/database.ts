// The benchmark's database: a private MariaDB (bench/.data/mariadb, kept between runs) sized like a
// small production server (1 GiB buffer pool, so the large dataset's hot indexes stay in memory),
// with one database per scale, seeded by the seed (seed.ts).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { CONSISTENCY_CHECKS } from '../../src/database/backup/consistency';
import { canonicalValue } from '../../src/database/backup/tables';
import { PrivateMariadb } from '../lib/private-mariadb';
import { migrate, ROOT } from '../lib/processes';
import { Scale, SEED_END } from '../seed/constants';

export const BENCH_DATABASE_OPTIONS = [
  '--innodb-buffer-pool-size=1G',
  '--innodb-log-file-size=256M',
  '--innodb-flush-log-at-trx-commit=2',
  '--max-connections=500',
  '--skip-log-bin',
];

export function benchDatabase(): PrivateMariadb {
  return new PrivateMariadb(path.join(ROOT, 'bench/.data/mariadb'), { options: BENCH_DATABASE_OPTIONS });
}

export const databaseName = (scale: Scale): string => `conduit_${scale}`;

/**
 * Creates and seeds the scale's database unless it already holds a seeded dataset; answers whether it
 * seeded. The small one (seconds to seed) is seeded afresh for every run; the large one (minutes) is
 * kept, and restore() removes what each run wrote. `baseEnv` is the environment the seed starts from.
 */
export async function prepare(mariadb: PrivateMariadb, scale: Scale, baseEnv: NodeJS.ProcessEnv): Promise<boolean> {
  const name = databaseName(scale);
  const env = { ...baseEnv, ...mariadb.env(name) };
  await mariadb.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  if (scale !== 'small' && (await seeded(mariadb, name))) {
    migrate(mariadb.env(name)); // a kept dataset gets the migrations written since it was seeded
    return false;
  }
  const result = spawnSync(process.execPath, [path.join(__dirname, '..', 'seed.js'), '--scale', scale, '--reset'], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`seeding ${name} failed`);
  }
  return true;
}

async function seeded(mariadb: PrivateMariadb, name: string): Promise<boolean> {
  const [tables] = await mariadb.query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 'users'`,
    [name],
  );
  if (Number(tables.n) === 0) {
    return false;
  }
  const [users] = await mariadb.query<{ n: number }>(`SELECT COUNT(*) AS n FROM \`${name}\`.users`);
  return Number(users.n) > 0;
}

/**
 * Removes what a run's write scenarios added, with the counters they moved, so the kept dataset is
 * the seeded one again: every article and favorite dated after the seed's last day. Left in place,
 * each run's articles would pile up on top of the newest-first index that the feed walks. Then
 * checks every counter against the rows. Answers how many articles it removed.
 */
export async function restore(mariadb: PrivateMariadb, scale: Scale): Promise<number> {
  const connection = await mariadb.connect(databaseName(scale));
  const since = canonicalValue('datetime', new Date(SEED_END + 86_400_000));
  const run = (sql: string) => connection.query<ResultSetHeader>(sql, [since]);
  try {
    await connection.beginTransaction();
    // Each counter less the rows the run added: table.column -= rows of `source` (dated by `dated`)
    // per `sourceKey`.
    const subtract = (table: string, column: string, source: string, sourceKey: string, dated: string) =>
      run(`UPDATE ${table} t
        JOIN (SELECT ${sourceKey} AS id, COUNT(*) AS n FROM ${source} WHERE ${dated} >= ? GROUP BY ${sourceKey}) x
          ON x.id = t.id
        SET t.${column} = t.${column} - x.n`);
    await subtract('users', 'favorites_count', 'favorites', 'user_id', 'created_at');
    await subtract('articles', 'favorites_count', 'favorites', 'article_id', 'created_at');
    await run('DELETE FROM favorites WHERE created_at >= ?');
    await subtract('users', 'articles_count', 'articles', 'author_id', 'created_at');
    // Their authors' newest article is again the newest the seed gave them (NULL when none).
    await connection.query<ResultSetHeader>(
      `UPDATE users t
      JOIN (SELECT DISTINCT author_id AS id FROM articles WHERE created_at >= ?) x ON x.id = t.id
      SET t.last_article_at = (SELECT MAX(a.created_at) FROM articles a WHERE a.author_id = t.id AND a.created_at < ?)`,
      [since, since],
    );
    await subtract('tags', 'articles_count', 'article_tags', 'tag_id', 'article_created_at');
    await run(`UPDATE counters SET value = value - (SELECT COUNT(*) FROM articles WHERE created_at >= ?)
      WHERE name = 'articles'`);
    // Their tags' links and any comments go with them (foreign keys cascade).
    const [{ affectedRows: articles }] = await run('DELETE FROM articles WHERE created_at >= ?');
    await connection.commit();
    for (const [name, sql] of Object.entries(CONSISTENCY_CHECKS)) {
      const [[row]] = await connection.query<RowDataPacket[]>(`SELECT (${sql}) AS wrong`);
      if (Number(row.wrong) !== 0) {
        throw new Error(`after removing the run's rows, ${name}: ${row.wrong} rows disagree`);
      }
    }
    return articles;
  } catch (error) {
    await connection.rollback().catch(() => undefined);
    throw error;
  } finally {
    await connection.end();
  }
}
