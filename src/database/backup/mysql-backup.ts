import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { mysqlConnection, toolOptions, withDataSource } from './connection';
import { BackupContents } from './contents';
import { DumpReader } from './dump-reader';
import { DUMP_OPTIONS, DUMP_PROGRAMS, findProgram, runProgram } from './mysql-programs';
import { dataTables } from './tables';

/** The archive entry of a MySQL/MariaDB backup's data. */
export const DUMP_ENTRY = 'dump.sql';

/**
 * Dumps the configured MySQL/MariaDB database into `dir/dump.sql` with mariadb-dump or mysqldump
 * (one consistent transaction while the server keeps writing), reading the dump as it streams to
 * the file: the manifest describes exactly what the file holds.
 */
export async function dumpMysql(
  options: DataSourceOptions,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<BackupContents & { entry: string }> {
  const program = findProgram(DUMP_PROGRAMS, env);
  const connection = mysqlConnection(options);
  const tables = await withDataSource(toolOptions(options), (dataSource) => Promise.resolve(dataTables(dataSource)));
  const reader = new DumpReader(tables, 'backup');
  await runProgram({
    program,
    args: [...DUMP_OPTIONS, connection.database],
    connection,
    env,
    output: [reader.tap(), createWriteStream(join(dir, DUMP_ENTRY), { mode: 0o600 })],
  });
  return { entry: DUMP_ENTRY, ...reader.finish() };
}
