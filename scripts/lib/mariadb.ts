// A MariaDB server as the scripts reach it: root without a password, one connection per statement.
// The machine's shared server (127.0.0.1:3306, see ../shared/MACHINE.md) is only ever given throwaway
// databases that a script creates and drops; a private server (PrivateMariadb) extends this class.
import mysql, { Connection, RowDataPacket } from 'mysql2/promise';

/** DB_* settings that point the server, the migrations and the seed at one database. */
export type DatabaseEnv = Record<'DB_TYPE' | 'DB_HOST' | 'DB_PORT' | 'DB_USER' | 'DB_PASSWORD' | 'DB_NAME', string>;

export class Mariadb {
  constructor(
    readonly host: string,
    public port: number,
  ) {}

  connect(database?: string): Promise<Connection> {
    return mysql.createConnection({
      host: this.host,
      port: this.port,
      user: 'root',
      database,
      multipleStatements: false,
    });
  }

  /** One statement as root, on a connection of its own; `database` is the default schema. */
  async query<Row = RowDataPacket>(sql: string, parameters: unknown[] = [], database?: string): Promise<Row[]> {
    const connection = await this.connect(database);
    try {
      const [rows] = await connection.query<RowDataPacket[]>(sql, parameters);
      return rows as Row[];
    } finally {
      await connection.end();
    }
  }

  /** An empty database with the app's character set. */
  async createDatabase(name: string): Promise<void> {
    await this.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  }

  async dropDatabase(name: string): Promise<void> {
    await this.query(`DROP DATABASE IF EXISTS \`${name}\``);
  }

  /** The environment that points the server, the migrations and the seed at a database here. */
  env(database: string): DatabaseEnv {
    return {
      DB_TYPE: 'mariadb',
      DB_HOST: this.host,
      DB_PORT: String(this.port),
      DB_USER: 'root',
      DB_PASSWORD: '',
      DB_NAME: database,
    };
  }

  /** A database here as the db:copy command takes it. */
  url(database: string): string {
    return `mariadb://root@${this.host}:${this.port}/${database}`;
  }
}

/** The machine's MariaDB (MACHINE.md): root without a password on loopback. */
export const machineMariadb = new Mariadb('127.0.0.1', 3306);
