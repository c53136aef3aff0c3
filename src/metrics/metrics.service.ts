import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RequestHandler } from 'express';
import { AggregatorRegistry, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { Dialect } from '../database/dialect/dialect';
import { ReadRouter } from '../database/replication/read-router';
import { PasswordService } from '../auth/password.service';
import { registerDatabaseMetrics } from './database-metrics';
import { registerPasswordMetrics } from './password-metrics';
import { registerReplicationMetrics } from './replication-metrics';
import { createHttpMetrics } from './http-metrics';
import { isPm2ClusterWorker } from '../lifecycle/pm2';
import { Pm2ClusterMetrics } from './pm2-cluster';

/**
 * Prometheus metrics (prom-client): Node.js runtime (event-loop lag, heap, GC, CPU), HTTP requests,
 * the database pool, password hashing, and read replicas when configured. Under PM2 cluster mode a scrape of any worker covers all of them.
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnApplicationShutdown {
  private readonly registry = new Registry();
  private readonly cluster = isPm2ClusterWorker()
    ? new Pm2ClusterMetrics(() => this.registry.getMetricsAsJSON())
    : undefined;
  readonly recordRequests: RequestHandler = createHttpMetrics(this.registry);

  constructor(
    private readonly dialect: Dialect,
    private readonly readRouter: ReadRouter,
    private readonly passwords: PasswordService,
  ) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry });
    registerDatabaseMetrics(this.registry, this.dialect);
    registerPasswordMetrics(this.registry, this.passwords);
    if (this.readRouter.enabled) {
      registerReplicationMetrics(this.registry, this.readRouter);
    }
    this.cluster?.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.cluster?.close();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The metrics in Prometheus text format: this process's, or the whole PM2 cluster's. */
  async render(): Promise<string> {
    if (!this.cluster) {
      return this.registry.metrics();
    }
    const workers = await this.cluster.collect();
    const merged = AggregatorRegistry.aggregate(workers);
    new Gauge({
      name: 'metrics_scrape_workers',
      help: 'PM2 workers whose metrics this scrape includes',
      registers: [merged],
    }).set(workers.length);
    return merged.metrics();
  }
}
