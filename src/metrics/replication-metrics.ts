import { Counter, Gauge, Registry } from 'prom-client';
import { ReadRouter } from '../database/replication/read-router';

/**
 * Read replicas (DB_READ_HOSTS): reads by target and reason, reads that fell back to the primary,
 * and each replica's state at its last check. Registered only when replicas are configured.
 */
export function registerReplicationMetrics(registry: Registry, router: ReadRouter): void {
  new Counter({
    name: 'db_reads_total',
    help: 'Read queries (one connection each) by target (primary or a replica) and reason (replica, write_request, read_your_writes, no_replica_in_rotation, replica_error)',
    labelNames: ['target', 'reason'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { target, reason, count } of router.readCounts()) {
        this.inc({ target, reason }, count);
      }
    },
  });
  new Counter({
    name: 'db_read_fallbacks_total',
    help: 'Reads meant for a replica that went to the primary: no replica in rotation, or the chosen one failed',
    labelNames: ['reason'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { reason, count } of router.fallbackCounts()) {
        this.inc({ reason }, count);
      }
    },
  });
  new Gauge({
    name: 'db_replica_lag_seconds',
    help: 'Age of the newest heartbeat each replica had applied at its last check (NaN when unknown)',
    labelNames: ['replica'] as const,
    registers: [registry],
    // Merged across PM2 workers: the worst view, not the sum.
    aggregator: 'max',
    collect() {
      for (const { name, lagSeconds } of router.statuses()) {
        this.set({ replica: name }, lagSeconds ?? Number.NaN);
      }
    },
  });
  new Gauge({
    name: 'db_replica_in_rotation',
    help: '1 when the replica answered its last check and was within DB_READ_MAX_LAG_S, else 0',
    labelNames: ['replica'] as const,
    registers: [registry],
    // Merged across PM2 workers: 1 only when every worker uses it.
    aggregator: 'min',
    collect() {
      for (const { name, inRotation } of router.statuses()) {
        this.set({ replica: name }, inRotation ? 1 : 0);
      }
    },
  });
}
