import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReplicationConfig } from '../../config/replication.config';
import { readContext } from './read-context';
import { ReadRouter } from './read-router';

/** A stand-in for mysql2's PoolCluster and TypeORM's driver: each node answers with a lag, or fails. */
function fakeDatabase(lags: Record<string, number | Error>) {
  const connection = (node: string) => ({
    node,
    release: () => undefined,
    listeners: () => [],
    on: () => undefined,
    promise: () => ({
      query: (sql: string) => {
        const lag = lags[node];
        return sql.startsWith('SELECT')
          ? Promise.resolve([[{ lag: Number(lag) * 1e6 }], []])
          : Promise.resolve([{}, []]);
      },
    }),
  });
  const driver = {
    obtainMasterConnection: () => Promise.resolve(connection('MASTER')),
    obtainSlaveConnection: (): Promise<unknown> => Promise.reject(new Error('not routed')),
    poolCluster: {
      getConnection: (node: string, callback: (error: Error | null, connection?: unknown) => void) => {
        const lag = lags[node];
        return lag instanceof Error ? callback(lag) : callback(null, connection(node));
      },
    },
  };
  return { driver, dataSource: { options: { type: 'mariadb' }, driver } as unknown as DataSource };
}

const config: ReplicationConfig = {
  replicas: [
    { nodeId: 'SLAVE0', name: 'db1:3306', host: 'db1', port: 3306 },
    { nodeId: 'SLAVE1', name: 'db2:3306', host: 'db2', port: 3306 },
  ],
  maxLagMs: 5000,
  checkIntervalMs: 1000,
  readYourWritesWindowMs: 7000,
  redisUrl: 'redis://127.0.0.1:6379',
  redisKeyPrefix: 'test:',
};

describe(ReadRouter.name, () => {
  let router: ReadRouter | undefined;

  beforeAll(() => Logger.overrideLogger(false));

  afterEach(async () => {
    await router?.beforeApplicationShutdown();
  });

  async function start(lags: Record<string, number | Error>) {
    const database = fakeDatabase(lags);
    router = new ReadRouter(database.dataSource, config);
    await router.onApplicationBootstrap();
    const read = async () => ((await database.driver.obtainSlaveConnection()) as { node: string }).node;
    return { router, read };
  }

  it('should spread reads over the replicas within the lag bound', async () => {
    const { read } = await start({ SLAVE0: 0.2, SLAVE1: 4.9 });

    const nodes = [await read(), await read(), await read(), await read()];

    expect(nodes.sort()).toEqual(['SLAVE0', 'SLAVE0', 'SLAVE1', 'SLAVE1']);
  });

  it('should keep a lagging replica out of reads until a check finds it caught up', async () => {
    const lags: Record<string, number | Error> = { SLAVE0: 0.1, SLAVE1: 30 };
    const { router, read } = await start(lags);

    expect([await read(), await read()]).toEqual(['SLAVE0', 'SLAVE0']);
    expect(router.statuses()[1]).toEqual(expect.objectContaining({ up: true, lagSeconds: 30, inRotation: false }));

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
    const lags: Record<string, number | Error> = { SLAVE0: 0.1, SLAVE1: 0.1 };
    const { router, read } = await start(lags);
    lags.SLAVE0 = new Error('connect ECONNREFUSED');
    lags.SLAVE1 = new Error('connect ECONNREFUSED');

    expect(await read()).toBe('MASTER');
    expect(await read()).toBe('MASTER');
    expect(router.statuses().map((replica) => replica.inRotation)).toEqual([false, false]);
    expect(router.fallbackCounts()).toEqual([{ reason: 'replica_error', count: 2 }]);
  });

  it('should send the reads of a request marked for the primary there, counted by reason', async () => {
    const { router, read } = await start({ SLAVE0: 0.1, SLAVE1: 0.1 });

    const node = await readContext.run({ primaryReason: 'read_your_writes' }, read);

    expect(node).toBe('MASTER');
    expect(router.readCounts()).toEqual([{ target: 'primary', reason: 'read_your_writes', count: 1 }]);
  });
});
