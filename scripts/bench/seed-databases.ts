// `node dist-tools/scripts/bench/seed-databases.js small large`: starts the benchmark's private
// MariaDB, seeds those scales' databases unless already seeded, and stops it.
import { isScale } from '../seed/constants';
import { benchDatabase, prepare } from './database';

async function main(scales: string[]): Promise<void> {
  const unknown = scales.filter((scale) => !isScale(scale));
  if (unknown.length > 0) {
    throw new Error(`unknown scale ${unknown.join(', ')}`);
  }
  const mariadb = benchDatabase();
  await mariadb.start();
  try {
    for (const scale of scales.filter(isScale)) {
      console.log(`${scale}: ${(await prepare(mariadb, scale, process.env)) ? 'seeded' : 'already seeded'}`);
    }
  } finally {
    await mariadb.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
