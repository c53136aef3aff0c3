import { pipeline } from 'node:stream/promises';
import { DataSourceOptions, QueryRunner } from 'typeorm';
import { readArchive } from './archive';
import { MysqlConnection, mysqlConnection, toolOptions, withDataSource } from './connection';
import { BackupContents } from './contents';
import { DumpReader } from './dump-reader';
import { BackupError } from './errors';
import { Manifest, manifestTables } from './manifest';
import { CLIENT_OPTIONS, CLIENT_PROGRAMS, findProgram, runProgram } from './mysql-programs';
import { RestoreTarget } from './restore-target';

/** Restores a dump into the configured MySQL/MariaDB database with the mariadb or mysql client. */
export class MysqlRestoreTarget implements RestoreTarget {
  private readonly connection: MysqlConnection;
  private client?: string;

  constructor(
    private readonly options: DataSourceOptions,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.connection = mysqlConnection(options);
  }

  /** The client program must be there before anything is checked; the database may not exist yet. */
  async tableCount(): Promise<number> {
    this.client = findProgram(CLIENT_PROGRAMS, this.env);
    return withDataSource(toolOptions(this.options, null), async (server) => {
      const [row] = await server.query<{ n: unknown }[]>(
        'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
        [this.connection.database],
      );
      return Number(row.n);
    });
  }

  /** Reads the whole dump from the archive: what it holds, by the manifest's tables. */
  async readData(file: string, manifest: Manifest): Promise<BackupContents> {
    const reader = new DumpReader(manifestTables(manifest), 'verify');
    const names = await readArchive(file, (name, content) =>
      name === manifest.data ? pipeline(content, reader.sink()) : undefined,
    );
    if (!names.includes(manifest.data)) {
      throw new BackupError(`${file} has no ${manifest.data}`);
    }
    return reader.finish();
  }

  /** With `force`, every table and view of the target goes first; then the dump streams into the client. */
  async load(file: string, manifest: Manifest, force: boolean): Promise<void> {
    const database = this.connection.database;
    await withDataSource(toolOptions(this.options, null), async (server) => {
      await server.query(
        `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
      if (force) {
        await dropEverything(server.createQueryRunner(), database);
      }
    });
    await readArchive(file, (name, content) =>
      name === manifest.data
        ? runProgram({
            program: this.client ?? findProgram(CLIENT_PROGRAMS, this.env),
            args: [...CLIENT_OPTIONS, database],
            connection: this.connection,
            env: this.env,
            input: content,
          }).catch((error: unknown) => {
            throw new BackupError(
              `loading the dump failed, the target is partly restored (rerun with --force): ${(error as Error).message}`,
            );
          })
        : undefined,
    );
  }

  async cleanup(): Promise<void> {}
}

/** Drops every table and view of `database`, on one connection with foreign key checks off. */
async function dropEverything(runner: QueryRunner, database: string): Promise<void> {
  try {
    const objects = (await runner.query(
      'SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
      [database],
    )) as { name: string; type: string }[];
    await runner.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const { name, type } of objects) {
      const quoted = `\`${database}\`.\`${name.replaceAll('`', '``')}\``;
      await runner.query(type === 'VIEW' ? `DROP VIEW IF EXISTS ${quoted}` : `DROP TABLE IF EXISTS ${quoted}`);
    }
    await runner.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    await runner.release();
  }
}
