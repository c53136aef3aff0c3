import { DataSource, DataSourceOptions, QueryRunner } from 'typeorm';
import { snapshotSourceOptions } from './bulk-copy';
import { MysqlBulkCopy } from './mysql.bulk-copy';
import { SqliteBulkCopy } from './sqlite.bulk-copy';

/** A data source or query runner that answers each statement with `answer(sql)` and records it. */
function fake(answer: (sql: string) => unknown[] = () => []) {
  const calls: [string, unknown[] | undefined][] = [];
  const query = async (sql: string, parameters?: unknown[]) => {
    calls.push([sql, parameters]);
    return Promise.resolve(answer(sql));
  };
  const driver = { escape: (name: string) => `\`${name}\`` };
  return { calls, dataSource: { query, driver } as unknown as DataSource, runner: { query } as unknown as QueryRunner };
}

describe('snapshotSourceOptions', () => {
  it('should open SQLite read-only, without switching it to WAL', () => {
    const options = { type: 'better-sqlite3', database: 'a.sqlite', enableWAL: true } as DataSourceOptions;

    expect(snapshotSourceOptions(options)).toEqual({
      type: 'better-sqlite3',
      database: 'a.sqlite',
      readonly: true,
      fileMustExist: true,
      enableWAL: false,
    });
  });

  it('should give MySQL and MariaDB a pool of one connection', () => {
    const options = { type: 'mariadb', database: 'conduit', poolSize: 10 } as DataSourceOptions;

    expect(snapshotSourceOptions(options)).toEqual({ type: 'mariadb', database: 'conduit', poolSize: 1 });
  });
});

describe('MysqlBulkCopy', () => {
  it('should keep a statement under half of max_allowed_packet, and under 8 MiB', async () => {
    const limits = async (packet: number) =>
      new MysqlBulkCopy(fake(() => [{ packet: String(packet) }]).dataSource).statementLimits();

    await expect(limits(4 * 1024 * 1024)).resolves.toEqual({ parameters: Infinity, bytes: 2 * 1024 * 1024 });
    await expect(limits(1024 * 1024 * 1024)).resolves.toEqual({ parameters: Infinity, bytes: 8 * 1024 * 1024 });
  });

  it('should read AUTO_INCREMENT through the snapshot and set it, commit each batch, analyze the tables', async () => {
    const target = fake();
    const copy = new MysqlBulkCopy(target.dataSource);
    const snapshot = fake(() => [{ name: 'users', next: '8' }]);

    await expect(copy.nextIds(snapshot.runner)).resolves.toEqual({ users: 8 });
    await copy.setNextId('users', 12.7);
    await copy.analyze(['users', 'articles']);

    expect(copy.batchesPerTransaction).toBe(1);
    expect(snapshot.calls[0][0]).toMatch(/AUTO_INCREMENT AS next FROM information_schema.TABLES/);
    expect(target.calls.map(([sql]) => sql)).toEqual([
      'ALTER TABLE `users` AUTO_INCREMENT = 12',
      'ANALYZE TABLE `users`, `articles`',
    ]);
  });

  it('should start a consistent read-only snapshot, even where the stats expiry setting is unknown', async () => {
    const snapshot = fake((sql) => {
      if (sql.includes('information_schema_stats_expiry')) {
        throw new Error('Unknown system variable');
      }
      return [];
    });

    await new MysqlBulkCopy(fake().dataSource).startSnapshot(snapshot.runner);

    expect(snapshot.calls.map(([sql]) => sql).slice(1)).toEqual([
      'SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ',
      'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY',
    ]);
  });
});

describe('SqliteBulkCopy', () => {
  it('should write a whole table in one transaction, up to SQLite’s bound parameters', async () => {
    const copy = new SqliteBulkCopy(fake().dataSource);

    expect(copy.batchesPerTransaction).toBe(Infinity);
    await expect(copy.statementLimits()).resolves.toEqual({ parameters: 32_766, bytes: 64 * 1024 * 1024 });
  });

  it('should read and set sqlite_sequence, inserting the row a table without one lacks', async () => {
    const target = fake();
    const copy = new SqliteBulkCopy(target.dataSource);
    const snapshot = fake(() => [{ name: 'articles', next: 3 }]);

    await expect(copy.nextIds(snapshot.runner)).resolves.toEqual({ articles: 3 });
    await copy.setNextId('articles', 7);

    expect(snapshot.calls).toEqual([['SELECT name, seq + 1 AS next FROM sqlite_sequence', undefined]]);
    expect(target.calls).toEqual([
      ['SELECT seq FROM sqlite_sequence WHERE name = ?', ['articles']],
      ['INSERT INTO sqlite_sequence (seq, name) VALUES (?, ?)', [6, 'articles']],
    ]);
  });

  it('should update the sequence row a table has, and analyze the whole file', async () => {
    const target = fake((sql) => (sql.startsWith('SELECT seq') ? [{ seq: 4 }] : []));
    const copy = new SqliteBulkCopy(target.dataSource);

    await copy.setNextId('users', 9);
    await copy.analyze();

    expect(target.calls.slice(1)).toEqual([
      ['UPDATE sqlite_sequence SET seq = ? WHERE name = ?', [8, 'users']],
      ['ANALYZE', undefined],
    ]);
  });
});
