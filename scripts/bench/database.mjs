// The benchmark's database: a private MariaDB (bench/.data/mariadb, kept between runs) sized like a
// small production server (1 GiB buffer pool, so the large dataset's hot indexes stay in memory),
// with one database per scale, seeded once by scripts/seed.mjs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrivateMariadb } from '../lib/private-mariadb.mjs';

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
 * Creates and seeds the scale's database unless it already holds a seeded dataset. The write
 * scenarios add rows, so the small dataset (seconds to seed) is seeded afresh for every run; the
 * large one (minutes) is kept, and drifts by well under 1% per run.
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
