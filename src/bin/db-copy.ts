import 'reflect-metadata';
import { copyDatabase, CopyProgress, CopyResult } from '../database/backup/copy';
import {
  DatabaseLocation,
  DatabaseUrlDefaults,
  DatabaseUrlError,
  parseDatabaseUrl,
  redactPassword,
} from '../database/backup/database-url';
import { formatCount, formatSeconds } from '../database/backup/format';
import { BATCH_ROWS } from '../database/backup/rows';
import { defineCommand } from './cli';

const HELP = `Usage: npm run db:copy -- --from URL --to URL [--batch N]

Copies every row of a Conduit database into an empty one, across dialects: SQLite → MySQL/MariaDB
to move up from the embedded file, MySQL/MariaDB → SQLite, or within one dialect.

  --from URL   the source, fully migrated (npm run migration:run); read in one snapshot, never written
  --to URL     the target: an empty database (a MySQL one must exist) or a SQLite file, new or empty;
               the code's migrations create its schema
  --batch N    rows per batch: one read, one multi-row INSERT (default ${BATCH_ROWS})
  --help       this text

URLs: sqlite:PATH
        a relative PATH is taken from the directory npm run was started in (INIT_CWD, which npm
        sets), or from the current directory when the command runs without npm
      mysql://USER:PASSWORD@HOST:PORT/DATABASE or mariadb://… (URL-encode @ : / in the password)
      mysql://USER@HOST:PORT/DATABASE
        with a user and no password, the password comes from MYSQL_PWD (as for the mysql client,
        not URL-encoded), which keeps it out of the command line, the shell history and ps:
        MYSQL_PWD=PASSWORD npm run db:copy -- --from sqlite:data/conduit.sqlite --to mysql://conduit@127.0.0.1/conduit

Create a MySQL/MariaDB target first:
  CREATE DATABASE conduit CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

Every table keeps its ids and timestamps, and each auto-increment table continues where the source
would have. Users keep their ids, so tokens issued before the move keep working on the new database,
as long as the server keeps its JWT_SECRET. Stop the server (or its writes) first: rows written to
the source after the copy starts are not carried.

At the end the target's row counts and digests must equal the source's and its counters must agree
with their rows; otherwise the command names the table and exits 1.`;

const command = defineCommand({
  name: 'db:copy',
  usage: HELP,
  options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'string' } },
  // `Unexpected argument 'mysql://app:secret@…'` for a URL without its --from or --to.
  redact: redactPassword,
});

/**
 * What a URL leaves to the environment: `npm run` starts in the package's directory, so a relative
 * SQLite path is taken from where npm was started (INIT_CWD); MYSQL_PWD is the password of a URL that
 * names a user but no password.
 */
const urlDefaults = (): DatabaseUrlDefaults => ({
  cwd: process.env.INIT_CWD || process.cwd(),
  password: process.env.MYSQL_PWD,
});

/** The databases and batch size asked for, or undefined after --help. */
function parseArguments(): { from: DatabaseLocation; to: DatabaseLocation; batchRows: number } | undefined {
  const values = command.parse()?.values;
  if (values === undefined) {
    return undefined;
  }
  if (values.from === undefined || values.to === undefined) {
    return command.fail(
      `--${values.from === undefined ? 'from' : 'to'} is missing: npm run db:copy -- --from URL --to URL`,
    );
  }
  const batchRows = values.batch === undefined ? BATCH_ROWS : Number(values.batch);
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    return command.fail(`--batch must be a positive whole number of rows, not '${values.batch}'`);
  }
  const parse = (option: string, url: string): DatabaseLocation => {
    try {
      return parseDatabaseUrl(url, urlDefaults());
    } catch (error) {
      if (error instanceof DatabaseUrlError) {
        return command.fail(`--${option}: ${error.message}`);
      }
      throw error;
    }
  };
  return { from: parse('from', values.from), to: parse('to', values.to), batchRows };
}

// cli-progress ships no type declarations: the part of its API used here.
interface Bar {
  update(value: number, payload?: Record<string, unknown>): void;
  stop(): void;
}
interface CliProgress {
  MultiBar: new (
    options: Record<string, unknown>,
    preset: unknown,
  ) => { create(total: number, start: number, payload?: Record<string, unknown>): Bar; stop(): void };
  Presets: { shades_classic: unknown };
}

const rate = (rows: number, seconds: number): string => formatCount(Math.round(rows / Math.max(seconds, 0.001)));

/**
 * Progress bars, one per table, on a terminal; a line per table otherwise (a log, a CI job). Steps
 * (checking, migrating, verifying) are lines either way.
 */
function progressOutput(): { progress: CopyProgress; done: () => void } {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  if (!process.stdout.isTTY) {
    return {
      progress: {
        step: print,
        tableFinished: ({ name, rows, seconds }) =>
          print(
            `  ${name.padEnd(14)} ${formatCount(rows).padStart(11)} ${rows === 1 ? 'row ' : 'rows'}  ${seconds.toFixed(2)} s  ${rate(rows, seconds)} rows/s`,
          ),
      },
      done: () => undefined,
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cliProgress = require('cli-progress') as CliProgress;
  let bars: InstanceType<CliProgress['MultiBar']> | undefined;
  const bar: Record<string, { bar: Bar; started: number }> = {};
  const stopBars = () => {
    bars?.stop();
    bars = undefined;
  };
  return {
    progress: {
      step: (message) => {
        stopBars();
        print(message);
      },
      tableStarted: (table, total) => {
        bars ??= new cliProgress.MultiBar(
          {
            format: '  {table} [{bar}] {value}/{total} rows  {rate}/s  eta {eta_formatted}',
            barsize: 20,
            stream: process.stdout,
            hideCursor: true,
            clearOnComplete: false,
            formatValue: (value: number, _options: unknown, type: string) =>
              type === 'value' || type === 'total' ? formatCount(value) : String(value),
          },
          cliProgress.Presets.shades_classic,
        );
        bar[table] = {
          bar: bars.create(total, 0, { table: table.padEnd(14), rate: '0' }),
          started: performance.now(),
        };
      },
      rowsCopied: (table, done) => {
        const { bar: tableBar, started } = bar[table];
        tableBar.update(done, { rate: rate(done, (performance.now() - started) / 1000) });
      },
      tableFinished: ({ name, rows, seconds }) => bar[name].bar.update(rows, { rate: rate(rows, seconds) }),
    },
    done: stopBars,
  };
}

function summary(result: CopyResult): string {
  const width = Math.max(...result.tables.map(({ name }) => name.length), 'total'.length);
  const rowsWidth = Math.max(
    ...result.tables.map(({ rows }) => formatCount(rows).length),
    formatCount(result.rows).length,
  );
  return [
    `Copied ${result.source} → ${result.target} (migration ${result.migration}):`,
    ...result.tables.map(({ name, rows }) => `  ${name.padEnd(width)}  ${formatCount(rows).padStart(rowsWidth)}`),
    `  ${'total'.padEnd(width)}  ${formatCount(result.rows).padStart(rowsWidth)} rows in ${formatSeconds(result.seconds)} (${rate(result.rows, result.seconds)} rows/s)`,
    'Checked: every table has the source’s row count and digest; the counters agree with their rows.',
    `Next ids: ${Object.entries(result.nextIds)
      .map(([table, id]) => `${table} ${id}`)
      .join(', ')}.`,
  ].join('\n');
}

command.run(async () => {
  const args = parseArguments();
  if (args === undefined) {
    return;
  }
  const { progress, done } = progressOutput();
  let result: CopyResult;
  try {
    result = await copyDatabase({ ...args, progress });
  } finally {
    done();
  }
  process.stdout.write(`${summary(result)}\n`);
});
