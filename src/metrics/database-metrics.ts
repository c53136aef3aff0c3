import { Gauge, Registry } from 'prom-client';
import { Dialect } from '../database/dialect/dialect';

/**
 * The database connection pool (the primary's, when there are replicas): connections open and in use,
 * queries waiting for a connection, and the configured maximum. Embedded SQLite reports its one
 * connection, idle once open.
 */
export function registerDatabaseMetrics(registry: Registry, dialect: Dialect): void {
  new Gauge({
    name: 'db_pool_max_connections',
    help: 'Largest number of database connections this process may open',
    registers: [registry],
    collect() {
      this.set(dialect.poolStats().max);
    },
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database connections open in the pool, by state (idle or in_use)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const { open, idle } = dialect.poolStats();
      this.set({ state: 'idle' }, idle);
      this.set({ state: 'in_use' }, open - idle);
    },
  });
  new Gauge({
    name: 'db_pool_waiting_requests',
    help: 'Queries waiting for a free database connection',
    registers: [registry],
    collect() {
      this.set(dialect.poolStats().waiting);
    },
  });
}
