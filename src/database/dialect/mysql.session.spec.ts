import type { PoolConnection, QueryError } from 'mysql2';
import { Logger, QueryFailedError } from 'typeorm';
import { MysqlSession } from './mysql.session';

type Callback = (error: QueryError | null, result?: unknown) => void;

/** A connection whose `execute` and `query` answer as told, recording what they were sent. */
function fakeConnection(answers: { execute?: QueryError; rows?: unknown[]; query?: QueryError }) {
  const sent: string[] = [];
  const connection = {
    execute: (sql: string, _values: unknown[], done: Callback) => {
      sent.push(`execute ${sql}`);
      done(answers.execute ?? null, answers.rows);
    },
    query: (sql: string, _values: unknown[], done: Callback) => {
      sent.push(`query ${sql}`);
      done(answers.query ?? null, answers.rows);
    },
  };
  return { sent, connection: connection as unknown as PoolConnection };
}

const driverError = (errno: number, message: string) => Object.assign(new Error(message), { errno }) as QueryError;

describe(MysqlSession.name, () => {
  const logger = { logQuery: jest.fn(), logQueryError: jest.fn() } as unknown as Logger;

  it('should prepare a fixed text and send anything else as text', async () => {
    const { sent, connection } = fakeConnection({ rows: [{ id: 1 }] });
    const session = new MysqlSession(connection, logger);

    expect(await session.rows('SELECT ?', [1], true)).toEqual([{ id: 1 }]);
    expect(await session.rows('SELECT ?, ?', [1, 2], false)).toEqual([{ id: 1 }]);
    expect(sent).toEqual(['execute SELECT ?', 'query SELECT ?, ?']);
  });

  it('should send a statement as text when the server holds as many prepared statements as it may', async () => {
    const full = driverError(1461, "Can't create more than max_prepared_stmt_count statements");
    const { sent, connection } = fakeConnection({ execute: full, rows: [{ id: 2 }] });

    expect(await new MysqlSession(connection, logger).rows('SELECT ?', [2], true)).toEqual([{ id: 2 }]);
    expect(sent).toEqual(['execute SELECT ?', 'query SELECT ?']);
  });

  it('should fail as TypeORM does, with the driver error inside', async () => {
    const duplicate = driverError(1062, 'Duplicate entry');
    const { connection } = fakeConnection({ execute: duplicate });

    const failure = await new MysqlSession(connection, logger).write('INSERT ?', [1], true).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError).driverError).toBe(duplicate);
  });
});
