import Database from 'better-sqlite3';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { SqlValue, Writer } from './writer';

const ROWS_PER_TRANSACTION = 10_000;

/**
 * Prepared statements in transactions of 10,000 rows, with the foreign keys unchecked and no fsync:
 * the seed fills an empty file that is thrown away if it fails.
 */
export function sqliteWriter(file: string): Writer {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  const scalar = (sql: string) => Number(Object.values(db.prepare(sql).get() as Record<string, unknown>)[0]);
  const placeholders = (items: unknown[]) => items.map(() => '?').join(', ');
  return {
    count: (table) => Promise.resolve(scalar(`SELECT COUNT(*) AS n FROM "${table}"`)),
    truncate: (tables) => {
      for (const table of tables) {
        db.prepare(`DELETE FROM "${table}"`).run();
      }
      db.prepare(`DELETE FROM sqlite_sequence WHERE name IN (${placeholders(tables)})`).run(...tables);
      return Promise.resolve();
    },
    insert: async (table, columns, rows) => {
      const statement = db.prepare(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${placeholders(columns)})`,
      );
      const write = db.transaction((batch: SqlValue[][]) => {
        for (const row of batch) {
          statement.run(...row);
        }
      });
      for (let start = 0; start < rows.length; start += ROWS_PER_TRANSACTION) {
        if (start > 0) {
          await yieldToLoop(); // let the progress bar draw
        }
        write(rows.slice(start, start + ROWS_PER_TRANSACTION));
      }
    },
    analyze: () => {
      db.prepare('ANALYZE').run();
      return Promise.resolve();
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}
