import mysql from 'mysql2/promise';
import { Writer } from './writer';

export interface MysqlTarget {
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  database?: string;
}

const quote = (name: string) => `\`${name}\``;

/**
 * Multi-row INSERTs of at most ~8 MB (or the server's max_allowed_packet, less 1 MB), one
 * autocommitted statement each, with foreign-key and unique checks off for the session.
 */
export async function mysqlWriter(target: MysqlTarget): Promise<Writer> {
  const connection = await mysql.createConnection({
    host: target.host,
    port: target.port,
    user: target.username,
    password: target.password,
    database: target.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
  });
  const scalar = async (sql: string) => {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(sql);
    return Number(Object.values(rows[0])[0]);
  };
  await connection.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
  const maxBytes = Math.min((await scalar('SELECT @@max_allowed_packet')) - 1024 * 1024, 8 * 1024 * 1024);
  return {
    count: (table) => scalar(`SELECT COUNT(*) FROM ${quote(table)}`),
    truncate: async (tables) => {
      for (const table of tables) {
        await connection.query(`TRUNCATE TABLE ${quote(table)}`);
      }
    },
    insert: async (table, columns, rows) => {
      const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
      let values: string[] = [];
      let bytes = 0;
      for (const row of rows) {
        const literal = `(${row.map((value) => connection.escape(value)).join(',')})`;
        values.push(literal);
        bytes += literal.length;
        if (bytes > maxBytes) {
          await connection.query(head + values.join(','));
          values = [];
          bytes = 0;
        }
      }
      if (values.length > 0) {
        await connection.query(head + values.join(','));
      }
    },
    analyze: async (tables) => {
      await connection.query(`ANALYZE TABLE ${tables.map(quote).join(', ')}`);
    },
    close: () => connection.end(),
  };
}
