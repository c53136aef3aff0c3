import 'reflect-metadata';
import { cliDataSourceOptions } from '../config/cli-data-source';
import { backupSummary, createBackup } from '../database/backup/backup';
import { defineCommand } from './cli';

const HELP = `Usage: npm run db:backup -- [--out FILE]

Backs up the configured database (DB_TYPE, DB_PATH or DB_HOST/DB_PORT/DB_USER/DB_PASSWORD/DB_NAME,
from the environment or .env) while the server keeps serving and writing:

  MySQL/MariaDB  mariadb-dump or mysqldump (from the PATH) in one consistent transaction, no locks
  SQLite         SQLite's online backup API on the live file, never a file copy

  --out FILE   the archive to write (never overwritten);
               default conduit-<dialect>-<UTC time, e.g. 20261203T154500Z>.tar.gz here
  --help       this text

The archive holds manifest.json (the schema's last migration, each table's row count and SHA-256
digest, the server version, the time) and the data (dump.sql or conduit.sqlite). It holds password
hashes: it is written readable by its owner only. Restore it with npm run db:restore -- FILE.`;

const command = defineCommand({ name: 'db:backup', usage: HELP, options: { out: { type: 'string' } } });

command.run(async () => {
  const args = command.parse();
  if (args === undefined) {
    return;
  }
  const result = await createBackup(cliDataSourceOptions(), { out: args.values.out, env: process.env });
  console.log(backupSummary(result));
});
