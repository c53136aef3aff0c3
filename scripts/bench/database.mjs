// The benchmark's database: a private MariaDB (bench/.data/mariadb, kept between runs) sized like a
// small production server (1 GiB buffer pool, so the large dataset's hot indexes stay in memory),
// with one database per scale, seeded once by scripts/seed.mjs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrivateMariadb } from '../lib/private-mariadb.mjs';
import { CONSISTENCY_CHECKS, SEED_END } from '../seed.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const BENCH_DATABASE_OPTIONS = [
  '--innodb-buffer-pool-size=1G',
  '--innodb-log-file-size=256M',
  '--innodb-flush-log-at-trx-commit=2',
  '--max-connections=500',
  '--skip-log-bin',
];

export function benchDatabase() {
  return new PrivateMariadb(path.join(root, 'bench/.data/mariadb'), { options: BENCH_DATABASE_OPTIONS });
}

export const databaseName = (scale) => `conduit_${scale}`;

/**
 * Creates and seeds the scale's database unless it already holds a seeded dataset. The small one
 * (seconds to seed) is seeded afresh for every run; the large one (minutes) is kept, and restore()
 * removes what each run wrote.
 */
export async function prepare(mariadb, scale) {
  const name = databaseName(scale);
  const connection = await mariadb.connect();
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    const [[row]] = await connection.query(
      `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 'users'`,
      [name],
    );
    if (Number(row.n) > 0 && scale !== 'small') {
      const [[users]] = await connection.query(`SELECT COUNT(*) AS n FROM \`${name}\`.users`);
      if (Number(users.n) > 0) {
        migrate(mariadb, name); // a kept dataset gets the migrations written since it was seeded
        return false;
      }
    }
  } finally {
    await connection.end();
  }
  const result = spawnSync(process.execPath, ['scripts/seed.mjs', '--scale', scale, '--reset'], {
    cwd: root,
    env: { ...process.env, ...mariadb.env(name) },
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`seeding ${name} failed`);
  }
  return true;
}

/** The project's own `npm run migration:run`, against the scale's database. */
function migrate(mariadb, name) {
  const result = spawnSync('npm', ['run', '--silent', 'migration:run'], {
    cwd: root,
    env: { ...process.env, ...mariadb.env(name) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error(`migrating ${name} failed`);
  }
}

// `node scripts/bench/database.mjs small large`: start the database and seed those scales, then stop.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mariadb = benchDatabase();
  await mariadb.start();
  try {
    for (const scale of process.argv.slice(2)) {
      console.log(`${scale}: ${(await prepare(mariadb, scale)) ? 'seeded' : 'already seeded'}`);
    }
  } finally {
    await mariadb.stop();
  }
}

/**
 * Removes what a run's write scenarios added, with the counters they moved, so the kept dataset is
 * the seeded one again: every article and favorite dated after the seed's last day. Without it each
 * run left about 3,000 articles on top of the newest-first index, which the feed walks: the feed
 * slowed from 104 to 54 req/s over a day's runs. Then checks every counter against the rows.
 */
export async function restore(mariadb, scale) {
  const connection = await mariadb.connect(databaseName(scale));
  const since = new Date(SEED_END + 86_400_000).toISOString().replace('T', ' ').replace('Z', '');
  const run = (sql) => connection.query(sql, [since]);
  try {
    await connection.beginTransaction();
    // Each counter less the rows the run added: table.column -= rows of `source` (dated by `dated`)
    // per `sourceKey`.
    const subtract = (table, column, source, sourceKey, dated) =>
      run(`UPDATE ${table} t
        JOIN (SELECT ${sourceKey} AS id, COUNT(*) AS n FROM ${source} WHERE ${dated} >= ? GROUP BY ${sourceKey}) x
          ON x.id = t.id
        SET t.${column} = t.${column} - x.n`);
    await subtract('users', 'favorites_count', 'favorites', 'user_id', 'created_at');
    await subtract('articles', 'favorites_count', 'favorites', 'article_id', 'created_at');
    await run('DELETE FROM favorites WHERE created_at >= ?');
    await subtract('users', 'articles_count', 'articles', 'author_id', 'created_at');
    await subtract('tags', 'articles_count', 'article_tags', 'tag_id', 'article_created_at');
    await run(`UPDATE counters SET value = value - (SELECT COUNT(*) FROM articles WHERE created_at >= ?)
      WHERE name = 'articles'`);
    // Their tags' links and any comments go with them (foreign keys cascade).
    const [{ affectedRows: articles }] = await run('DELETE FROM articles WHERE created_at >= ?');
    await connection.commit();
    for (const [name, sql] of Object.entries(CONSISTENCY_CHECKS)) {
      const [[row]] = await connection.query(`SELECT (${sql}) AS wrong`);
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
