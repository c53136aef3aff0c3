import { Registry } from 'prom-client';
import { Dialect, PoolStats } from '../database/dialect/dialect';
import { registerDatabaseMetrics } from './database-metrics';

describe('registerDatabaseMetrics', () => {
  const scrape = async (stats: PoolStats) => {
    const registry = new Registry();
    registerDatabaseMetrics(registry, { poolStats: () => stats } as unknown as Dialect);
    const metrics = await registry.getMetricsAsJSON();
    return Object.fromEntries(
      metrics.map(({ name, values }) => [
        name,
        values.map(({ labels, value }) => (labels.state ? `${labels.state}=${value}` : value)),
      ]),
    );
  };

  it("should report the pool's maximum, idle and in-use connections and waiting queries", async () => {
    await expect(scrape({ max: 10, open: 4, idle: 1, waiting: 2 })).resolves.toEqual({
      db_pool_max_connections: [10],
      db_pool_connections: ['idle=1', 'in_use=3'],
      db_pool_waiting_requests: [2],
    });
  });

  it('should report one idle connection for an open SQLite file', async () => {
    await expect(scrape({ max: 1, open: 1, idle: 1, waiting: 0 })).resolves.toEqual({
      db_pool_max_connections: [1],
      db_pool_connections: ['idle=1', 'in_use=0'],
      db_pool_waiting_requests: [0],
    });
  });
});
