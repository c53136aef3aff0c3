// `npm run seed -- --scale small|large [--users N --articles N --favorites N --follows N
//  --comments N --tags N] [--seed 42] [--reset]`
//
// Fills the configured database (DB_TYPE, DB_* or DB_PATH, exactly as the server reads them) with a
// realistic, deterministic dataset through multi-row bulk inserts: long-tail popularity everywhere
// (a few authors with thousands of articles, a few users following hundreds, a few articles with
// thousands of comments, a few tags on most articles), and every counter consistent with the rows.
// Migrates first. Refuses a database that already has users unless --reset (which empties it).
// Every user's password is `password` (one argon2id hash, shared: hashing 100,000 would take an hour).
import 'reflect-metadata';
import argon2 from 'argon2';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { HASH_OPTIONS } from '../src/auth/password.service';
import { cliDataSourceOptions } from '../src/config/cli-data-source';
import { CONSISTENCY_CHECKS, counterProblems } from '../src/database/backup/consistency';
import { dataTables } from '../src/database/backup/tables';
import { UserEntity } from '../src/users/user.entity';
import { isScale, SCALES, SEED_PASSWORD, Sizes } from './seed/constants';
import { writeDataset } from './seed/dataset';
import { seedTarget } from './seed/target';

const SIZE_NAMES = Object.keys(SCALES.small) as (keyof Sizes)[];

const HELP = `Usage: npm run seed -- [--scale ${Object.keys(SCALES).join('|')}] [--seed N] [--reset] [--${SIZE_NAMES.join(' N --')} N]

Fills the configured database (DB_TYPE, DB_* or DB_PATH, as the server reads them) with a
deterministic dataset, migrating it first. Every seeded user's password is \`${SEED_PASSWORD}\`.

  --scale NAME   the dataset's size (default small: ${JSON.stringify(SCALES.small)})
  --users N …    override one table's size
  --seed N       the random generator's seed (default 42)
  --reset        empty a database that already has users first
  --help         this text`;

function parseOptions(): { scale: string; sizes: Sizes; seed: number; reset: boolean } | undefined {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'small' },
      ...Object.fromEntries(SIZE_NAMES.map((name) => [name, { type: 'string' } as const])),
      seed: { type: 'string', default: '42' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    return undefined;
  }
  const scale = String(values.scale);
  if (!isScale(scale)) {
    throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  }
  const given = values as Partial<Record<keyof Sizes, string>>;
  const sizes: Sizes = { ...SCALES[scale] };
  for (const name of SIZE_NAMES) {
    sizes[name] = given[name] === undefined ? sizes[name] : Number(given[name]);
  }
  sizes.favorites = Math.min(sizes.favorites, Math.floor(sizes.users * sizes.articles * 0.5));
  sizes.follows = Math.min(sizes.follows, Math.floor(sizes.users * (sizes.users - 1) * 0.5));
  return { scale, sizes, seed: Number(values.seed), reset: Boolean(values.reset) };
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (!options) {
    console.log(HELP);
    return;
  }
  const target = seedTarget(cliDataSourceOptions());
  const dataSource = new DataSource(target.options);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const tables = dataTables(dataSource).map((table) => table.name);
    const writer = await target.openWriter();
    try {
      if ((await writer.count(dataSource.getMetadata(UserEntity).tableName)) > 0) {
        if (!options.reset) {
          throw new Error('the database already has users: pass --reset to empty it first');
        }
        await writer.truncate([...tables].reverse());
      }
      console.log(
        `Seeding ${target.where} (${target.options.type}), scale ${options.scale}, seed ${options.seed}: ${JSON.stringify(options.sizes)}`,
      );
      const started = Date.now();
      // Hashed exactly as the server hashes, so seeded users log in through the real path.
      const passwordHash = await argon2.hash(SEED_PASSWORD, HASH_OPTIONS);
      const written = await writeDataset(dataSource, writer, { ...options, passwordHash });
      await writer.analyze(tables);
      const seconds = (Date.now() - started) / 1000;
      const rows = Object.values(written).reduce((sum, n) => sum + n, 0);
      console.log('\nRows written:');
      console.table(written);
      console.log(
        `${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s: ${Math.round(rows / seconds).toLocaleString('en')} rows/s`,
      );
    } finally {
      await writer.close();
    }
    // Every denormalised value must equal what the rows say: the app's own checks, which db:copy runs too.
    const problems = await counterProblems(dataSource);
    if (problems.length > 0) {
      throw new Error(`counters inconsistent with the rows: ${problems.join('; ')}`);
    }
    console.log(`Counters consistent with the rows (${Object.keys(CONSISTENCY_CHECKS).join(', ')}).`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
