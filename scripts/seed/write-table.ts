import cliProgress from 'cli-progress';
import { Row, SeedTable } from './tables';
import { SqlValue, Writer } from './writer';

const ROWS_PER_BATCH = 20_000;

/**
 * Writes `rows` (generated as they are read, so the large dataset never sits in memory whole) in
 * batches, with a progress bar (a line every 5 s when the output is no terminal). Answers how many.
 */
export async function writeTable<E>(
  writer: Writer,
  table: SeedTable<E>,
  total: number,
  rows: Iterable<Row<E>>,
): Promise<number> {
  const bar = new cliProgress.SingleBar(
    {
      format: ` ${table.name.padEnd(12)} [{bar}] {percentage}% {value}/{total} rows, {duration_formatted}`,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  let batch: SqlValue[][] = [];
  let done = 0;
  const flush = async () => {
    await writer.insert(table.name, table.columns, batch);
    done += batch.length;
    bar.update(done);
    batch = [];
  };
  for (const row of rows) {
    batch.push(table.values(row));
    if (batch.length === ROWS_PER_BATCH) {
      await flush();
    }
  }
  await flush();
  bar.stop();
  return done;
}
