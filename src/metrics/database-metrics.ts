import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { isSqlite } from '../common/database/transaction';

/** The parts of mysql2's pool that say how busy it is (its own fields; mysql2 exposes no API for them). */
interface Mysql2Pool {
  config?: { connectionLimit?: number };
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

/**
 * The TypeORM connection pool (the primary's, when there are replicas): connections open and in use, queries waiting for a connection, and
 * the configured maximum. Embedded SQLite has one connection and no pool to report beyond that.
 */
export function registerDatabaseMetrics(registry: Registry, dataSource: DataSource): void {
  // With read replicas TypeORM keeps a PoolCluster instead of one pool: these gauges describe the primary's.
  const pool = (): Mysql2Pool | undefined => {
    const driver = dataSource.driver as {
      pool?: Mysql2Pool;
      poolCluster?: { _nodes?: Record<string, { pool: Mysql2Pool }> };
    };
    return driver.pool ?? driver.poolCluster?._nodes?.MASTER?.pool;
  };
  const sqlite = isSqlite(dataSource);

  new Gauge({
    name: 'db_pool_max_connections',
    help: 'Largest number of database connections this process may open',
    registers: [registry],
    collect() {
      this.set(sqlite ? 1 : (pool()?.config?.connectionLimit ?? 0));
    },
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database connections open in the pool, by state (idle or in_use)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      if (sqlite) {
        this.set({ state: 'idle' }, dataSource.isInitialized ? 1 : 0);
        this.set({ state: 'in_use' }, 0);
        return;
      }
      const all = pool()?._allConnections?.length ?? 0;
      const idle = pool()?._freeConnections?.length ?? 0;
      this.set({ state: 'idle' }, idle);
      this.set({ state: 'in_use' }, all - idle);
    },
  });
  new Gauge({
    name: 'db_pool_waiting_requests',
    help: 'Queries waiting for a free database connection',
    registers: [registry],
    collect() {
      this.set(pool()?._connectionQueue?.length ?? 0);
    },
  });
}
