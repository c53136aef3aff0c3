import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReplicationConfig } from '../../config/replication.config';
import { createDialect } from '../dialect/create-dialect';
import { readContext } from './read-context';
import { ReadRouter } from './read-router';

/** The primary's clock in the fake: fixed, so a replica's lag is exactly what the test says. */
const PRIMARY_NOW = Date.parse('2026-11-25T12:00:00Z');

/**
 * A stand-in for mysql2's PoolCluster and TypeORM's driver: the primary tells its time, each replica
 * answers with a heartbeat `lags[node]` seconds old, or fails to give a connection.
 */
function fakeDatabase(lags: Record<string, number | Error | 'hang'>) {
  const connection = (node: string) => ({
    node,
    release: () => undefined,
    listeners: () => [],
    on: () => undefined,
    promise: () => ({
      query: (sql: string) => {
        if (sql.startsWith('SELECT UTC_TIMESTAMP')) {
          return Promise.resolve([[{ now: new Date(PRIMARY_NOW) }], []]);
        }
        if (sql.startsWith('SELECT beat')) {
          return Promise.resolve([[{ beat: new Date(PRIMARY_NOW - Number(lags[node]) * 1000) }], []]);
        }
        return Promise.resolve([{}, []]);
      },
    }),
  });
  const calls: Record<string, number> = {};
  const driver = {
    obtainMasterConnection: () => Promise.resolve(connection('MASTER')),
    obtainSlaveConnection: (): Promise<unknown> => Promise.reject(new Error('not routed')),
    poolCluster: {
      getConnection: (node: string, callback: (error: Error | null, connection?: unknown) => void) => {
        calls[node] = (calls[node] ?? 0) + 1;
        const lag = lags[node];
        if (lag === 'hang') {
          return undefined;
        }
        return lag instanceof Error ? callback(lag) : callback(null, connection(node));
      },
    },
  };
  return { driver, calls, dataSource: { options: { type: 'mariadb' }, driver } as unknown as DataSource };
}

const config: ReplicationConfig = {
  replicas: [
    { nodeId: 'SLAVE0', name: 'db1:3306', host: 'db1', port: 3306 },
    { nodeId: 'SLAVE1', name: 'db2:3306', host: 'db2', port: 3306 },
  ],
  maxLagMs: 5000,
  checkIntervalMs: 1000,
  checkTimeoutMs: 1000,
  staleAfterMs: 3000,
  readYourWritesWindowMs: 9000,
  redisUrl: 'redis://127.0.0.1:6379',
  redisKeyPrefix: 'test:',
};

describe(ReadRouter.name, () => {
  let router: ReadRouter | undefined;

  beforeAll(() => Logger.overrideLogger(false));

  afterEach(async () => {
    await router?.beforeApplicationShutdown();
  });

  async function start(lags: Record<string, number | Error | 'hang'>, settings: Partial<ReplicationConfig> = {}) {
    const database = fakeDatabase(lags);
    router = new ReadRouter(database.dataSource, createDialect(database.dataSource), { ...config, ...settings });
    await router.onApplicationBootstrap();
    const read = async () => ((await database.driver.obtainSlaveConnection()) as { node: string }).node;
    return { router, read, calls: database.calls };
  }

  it('should spread reads over the replicas within the lag bound', async () => {
    const { read } = await start({ SLAVE0: 0.2, SLAVE1: 4.9 });

    const nodes = [await read(), await read(), await read(), await read()];

    expect(nodes.sort()).toEqual(['SLAVE0', 'SLAVE0', 'SLAVE1', 'SLAVE1']);
  });

  it('should keep a lagging replica out of reads until a check finds it caught up', async () => {
    const lags: Record<string, number | Error | 'hang'> = { SLAVE0: 0.1, SLAVE1: 30 };
    const { router, read } = await start(lags);

    expect([await read(), await read()]).toEqual(['SLAVE0', 'SLAVE0']);
    expect(router.statuses()[1]).toEqual(
      expect.objectContaining({ up: true, lagSeconds: expect.closeTo(30, 0) as number, inRotation: false }),
    );

    lags.SLAVE1 = 0.5;
    await router.check();

    expect([await read(), await read()].sort()).toEqual(['SLAVE0', 'SLAVE1']);
  });

  it('should read from the primary, without failing, when no replica is in rotation', async () => {
    const { router, read } = await start({ SLAVE0: new Error('connect ECONNREFUSED'), SLAVE1: 10 });

    expect(await read()).toBe('MASTER');
    expect(router.statuses()[0]).toEqual(
      expect.objectContaining({ up: false, inRotation: false, error: 'connect ECONNREFUSED' }),
    );
    expect(router.fallbackCounts()).toEqual([{ reason: 'no_replica_in_rotation', count: 1 }]);
  });

  it('should fall back to the primary and take the replica out when it fails to give a connection', async () => {
    const lags: Record<string, number | Error | 'hang'> = { SLAVE0: 0.1, SLAVE1: 0.1 };
    const { router, read } = await start(lags);
    lags.SLAVE0 = new Error('connect ECONNREFUSED');
    lags.SLAVE1 = new Error('connect ECONNREFUSED');

    expect(await read()).toBe('MASTER');
    expect(await read()).toBe('MASTER');
    expect(router.statuses().map((replica) => replica.inRotation)).toEqual([false, false]);
    expect(router.fallbackCounts()).toEqual([{ reason: 'replica_error', count: 2 }]);
  });

  it('should not wait for a replica that stops answering: the read goes to the primary, the replica out', async () => {
    const lags: Record<string, number | Error | 'hang'> = { SLAVE0: 0.1, SLAVE1: 0.1 };
    const { router, read, calls } = await start(lags, { checkTimeoutMs: 50 });
    lags.SLAVE0 = 'hang';
    lags.SLAVE1 = 'hang';
    const asked = () => calls.SLAVE0 + calls.SLAVE1;
    const before = asked();

    expect(await read()).toBe('MASTER');
    await router.check();
    await router.check();

    // The read asked one replica and the first check both; the second check waited for those.
    expect(asked() - before).toBe(3);

    expect(router.statuses().map(({ up, inRotation }) => ({ up, inRotation }))).toEqual([
      { up: false, inRotation: false },
      { up: false, inRotation: false },
    ]);
    expect(router.statuses()[0].error).toMatch(/no answer within 50 ms/);
  });

  it('should not use a replica whose last answered check is too old, though it was in rotation', async () => {
    const { read } = await start({ SLAVE0: 0.1, SLAVE1: 0.1 }, { staleAfterMs: -1 });

    expect(await read()).toBe('MASTER');
  });

  it('should send the reads of a request marked for the primary there, counted by reason', async () => {
    const { router, read } = await start({ SLAVE0: 0.1, SLAVE1: 0.1 });

    const node = await readContext.run({ primaryReason: 'read_your_writes' }, read);

    expect(node).toBe('MASTER');
    expect(router.readCounts()).toEqual([{ target: 'primary', reason: 'read_your_writes', count: 1 }]);
  });

  it('should stand aside, leaving reads to TypeORM, on a database without read replicas', async () => {
    const database = fakeDatabase({ SLAVE0: 0.1, SLAVE1: 0.1 });
    const sqlite = { ...database.dataSource, options: { type: 'better-sqlite3' } } as unknown as DataSource;
    router = new ReadRouter(sqlite, createDialect(sqlite), config);

    await router.onApplicationBootstrap();

    expect(router.enabled).toBe(false);
    await expect(database.driver.obtainSlaveConnection()).rejects.toThrow('not routed');
    expect(database.calls).toEqual({});
  });
});
