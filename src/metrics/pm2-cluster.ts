import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import { HostEnvironment, hostEnvironment } from '../config/host-environment';

type WorkerMetrics = MetricObjectWithValues<MetricValue<string>>[];

const REQUEST_TOPIC = 'conduit:metrics:request';
const REPLY_TOPIC = 'conduit:metrics:reply';
/** How long a scrape waits for the other workers; a worker that is late is left out of that scrape. */
const REPLY_TIMEOUT_MS = 1000;

type Pm2Api = typeof import('pm2');
type Bus = { on(event: string, listener: (packet: BusPacket) => void): void; close?(): void };
interface BusPacket {
  data?: { topic?: string; requestId?: string; metrics?: WorkerMetrics };
}
interface RequestPacket {
  topic?: string;
  data?: { requestId?: string };
}

/**
 * Cluster-wide metrics under PM2: the worker that receives a scrape asks its sibling workers (same
 * app name, online) for their metrics over PM2's own messaging (`sendDataToProcessId`, answers on
 * the PM2 bus), and prom-client's AggregatorRegistry merges them. Each scrape therefore covers every
 * worker that answers within a second; the count of those that did is reported with the metrics.
 */
export class Pm2ClusterMetrics {
  private readonly logger = new Logger(Pm2ClusterMetrics.name);
  private connection?: Promise<{ pm2: Pm2Api; bus: Bus }>;
  private readonly pending = new Map<string, (metrics?: WorkerMetrics) => void>();

  /** `worker`: this process's PM2 id and app name, whose siblings it asks. */
  constructor(
    private readonly localMetrics: () => Promise<WorkerMetrics>,
    private readonly worker: HostEnvironment['pm2'] = hostEnvironment().pm2,
  ) {}

  /** Answers sibling workers' requests for this worker's metrics. */
  listen(): void {
    process.on('message', (packet: RequestPacket) => {
      if (packet?.topic !== REQUEST_TOPIC || typeof packet.data?.requestId !== 'string') {
        return;
      }
      const { requestId } = packet.data;
      this.localMetrics()
        .then((metrics) => process.send?.({ type: 'process:msg', data: { topic: REPLY_TOPIC, requestId, metrics } }))
        .catch((error: Error) => this.logger.warn(`could not answer a metrics request: ${error.message}`));
    });
  }

  /** This worker's metrics followed by those of every sibling that answered in time. */
  async collect(): Promise<WorkerMetrics[]> {
    const own = await this.localMetrics();
    try {
      const { pm2 } = await this.connect();
      const siblings = (await promisify(pm2.list.bind(pm2))()).filter(
        (proc) =>
          proc.name === this.worker?.name &&
          typeof proc.pm_id === 'number' &&
          proc.pm_id !== this.worker?.id &&
          proc.pm2_env?.status === 'online',
      );
      const others = await Promise.all(siblings.map((proc) => this.ask(pm2, proc.pm_id as number)));
      return [own, ...others.filter((metrics): metrics is WorkerMetrics => metrics !== undefined)];
    } catch (error) {
      this.logger.warn(`metrics of the other PM2 workers unavailable: ${(error as Error).message}`);
      await this.close().catch(() => undefined);
      return [own];
    }
  }

  /** Closes the connection to the PM2 daemon, if a scrape opened one. */
  async close(): Promise<void> {
    const connection = await this.connection?.catch(() => undefined);
    this.connection = undefined;
    connection?.bus.close?.();
    connection?.pm2.disconnect();
  }

  private ask(pm2: Pm2Api, pmId: number): Promise<WorkerMetrics | undefined> {
    const requestId = randomUUID();
    return new Promise((resolve) => {
      const settle = (metrics?: WorkerMetrics) => {
        clearTimeout(timer);
        this.pending.delete(requestId);
        resolve(metrics);
      };
      const timer = setTimeout(settle, REPLY_TIMEOUT_MS);
      this.pending.set(requestId, settle);
      const packet = { id: pmId, type: 'process:msg', topic: REQUEST_TOPIC, data: { requestId } };
      pm2.sendDataToProcessId(pmId, packet, (error) => error && settle());
    });
  }

  /** One connection to the PM2 daemon per worker, opened at the first scrape it serves. */
  private connect(): Promise<{ pm2: Pm2Api; bus: Bus }> {
    this.connection ??= (async () => {
      // Loaded only under PM2: the API is large and a plain `npm start` never needs it.
      const pm2 = (await import('pm2')).default;
      await promisify((callback: (error: Error | null) => void) => pm2.connect((error) => callback(error ?? null)))();
      const bus = await promisify((callback: (error: Error | null, bus: Bus) => void) =>
        pm2.launchBus((error, bus) => callback(error ?? null, bus as Bus)),
      )();
      bus.on('process:msg', (packet) => {
        const data = packet.data;
        if (data?.topic === REPLY_TOPIC && typeof data.requestId === 'string' && Array.isArray(data.metrics)) {
          this.pending.get(data.requestId)?.(data.metrics);
        }
      });
      return { pm2, bus };
    })();
    return this.connection;
  }
}
