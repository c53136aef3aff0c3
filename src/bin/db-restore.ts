import 'reflect-metadata';
import { cliDataSourceOptions } from '../config/cli-data-source';
import { restoreBackup, restoreSummary } from '../database/backup/restore';
import { defineCommand } from './cli';

const HELP = `Usage: npm run db:restore -- FILE [--force]

Restores a db:backup archive into the configured database (DB_TYPE, DB_PATH or
DB_HOST/DB_PORT/DB_USER/DB_PASSWORD/DB_NAME, from the environment or .env).

  FILE      a conduit-<dialect>-<time>.tar.gz written by npm run db:backup
  --force   replace a target that is not empty: every table of the MySQL/MariaDB database is
            dropped first; the SQLite file (and its -wal/-shm) is replaced
  --help    this text

Before anything is written it checks the whole archive: it must read to the end, its manifest must
match the data inside (the tables and columns the data creates, row counts and digests), a dump may
hold only the statements mysqldump writes, the dialect must be the target's, its last migration
must be one of this code's (a backup from a newer schema is refused: upgrade the code first), and
the target must be empty unless --force. Each refusal is one line and exit code 1.

MySQL/MariaDB: the dump is loaded with the mariadb or mysql client from the PATH; a missing database
is created (utf8mb4). SQLite: STOP THE SERVER FIRST (a file another process has open is refused);
the snapshot is written beside DB_PATH and renamed over it.

After the load the target's rows must match the manifest; pending migrations then run (a backup from
an older release is migrated forward) and the counters must agree with their rows.`;

const command = defineCommand({
  name: 'db:restore',
  usage: HELP,
  options: { force: { type: 'boolean' } },
  allowPositionals: true,
});

command.run(async () => {
  const args = command.parse();
  if (args === undefined) {
    return;
  }
  if (args.positionals.length !== 1) {
    return command.fail(`give one backup file: npm run db:restore -- FILE [--force] (see --help)`);
  }
  const result = await restoreBackup(cliDataSourceOptions(), args.positionals[0], {
    force: args.values.force ?? false,
    env: process.env,
  });
  console.log(restoreSummary(result));
});
