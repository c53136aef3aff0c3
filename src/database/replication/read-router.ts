import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import { replicationConfig, ReplicationConfig } from '../../config/replication.config';
import { isSqlite } from '../../common/database/transaction';
import { HEARTBEAT_ID } from './heartbeat.entity';
import { PrimaryReason, readContext } from './read-context';

/** How long a replica gets to answer its lag check before it counts as down. */
const CHECK_TIMEOUT_MS = 1000;

/** A connection from mysql2's pool (the parts used here). */
interface PooledConnection {
  release(): void;
  promise(): { query(sql: string, values?: unknown[]): Promise<[unknown, unknown]> };
  listeners(event: 'error'): unknown[];
  on(event: 'error', listener: (error: Error) => void): void;
}

/** mysql2's PoolCluster, which TypeORM creates for the `replication` option. */
interface PoolCluster {
  getConnection(pattern: string, callback: (error: Error | null, connection: PooledConnection) => void): void;
}

export interface ReplicaStatus {
  name: string;
  /** It answered its last check. */
  up: boolean;
  /** Age of the newest heartbeat it had applied at its last check; null when unknown. */
  lagSeconds: number | null;
  /** Up and at most DB_READ_MAX_LAG_S behind: reads may go to it. */
  inRotation: boolean;
  checkedAt: string | null;
  error?: string;
}

interface Replica extends ReplicaStatus {
  nodeId: string;
}

/**
 * Routes TypeORM's reads between the primary and the replicas (DB_READ_HOSTS).
 *
 * TypeORM's `replication` option already sends writes, transactions and raw queries to the primary
 * and asks its driver for a replica connection for other reads. That request is answered here:
 * - the request context may send it to the primary (ReadRoutingInterceptor: write requests, and a
 *   user's reads just after they wrote);
 * - otherwise the next replica in rotation (round robin), where in rotation means it answered its
 *   last check and was at most DB_READ_MAX_LAG_S behind;
 * - no replica in rotation, or the chosen one fails to give a connection: the primary, and the
 *   request never notices. (TypeORM alone would fail the read and drop the replica for good.)
 *
 * Every DB_READ_CHECK_INTERVAL_MS each process writes a heartbeat (UTC time) on the primary and reads
 * each replica's copy: its age is the replica's lag, measured in the replica's own data, whatever
 * the replication technology. A replica comes back into rotation as soon as a check finds it up and
 * caught up, without a restart.
 */
@Injectable()
export class ReadRouter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReadRouter.name);
  private readonly replicas: Replica[];
  private readonly reads = new Map<string, number>();
  private readonly fallbacks = new Map<string, number>();
  private nextReplica = 0;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(replicationConfig.KEY) private readonly config: ReplicationConfig,
  ) {
    this.replicas = config.replicas.map(({ name, nodeId }) => ({
      name,
      nodeId,
      up: false,
      lagSeconds: null,
      inRotation: false,
      checkedAt: null,
    }));
  }

  get enabled(): boolean {
    return this.replicas.length > 0 && !isSqlite(this.dataSource);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) {
      return;
    }
    const driver = this.dataSource.driver as MysqlDriver;
    const obtainPrimary = driver.obtainMasterConnection.bind(driver);
    // The one place TypeORM asks for a replica connection: answer it with the router's choice.
    driver.obtainSlaveConnection = () => this.obtainReadConnection(obtainPrimary);
    await this.check();
    this.timer = setInterval(() => void this.check(), this.config.checkIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }

  /** Each replica's state at its last check, for /health. */
  statuses(): ReplicaStatus[] {
    return this.replicas.map(({ nodeId: _nodeId, ...status }) => ({ ...status }));
  }

  /** Reads so far by target (`primary` or a replica's name) and reason, for /metrics. */
  readCounts(): { target: string; reason: string; count: number }[] {
    return [...this.reads].map(([key, count]) => {
      const [target, reason] = key.split('|');
      return { target, reason, count };
    });
  }

  /** Reads meant for a replica that went to the primary, by reason, for /metrics. */
  fallbackCounts(): { reason: string; count: number }[] {
    return [...this.fallbacks].map(([reason, count]) => ({ reason, count }));
  }

  /** Writes the heartbeat on the primary, then checks every replica. Never overlaps itself. */
  check(): Promise<void> {
    this.checking ??= (async () => {
      try {
        await this.writeHeartbeat();
        await Promise.all(this.replicas.map((replica) => this.checkReplica(replica)));
      } finally {
        this.checking = undefined;
      }
    })();
    return this.checking;
  }

  private async obtainReadConnection(obtainPrimary: () => Promise<unknown>): Promise<unknown> {
    const forced = readContext.getStore()?.primaryReason;
    if (forced) {
      return this.readFromPrimary(obtainPrimary, forced);
    }
    const replica = this.pickReplica();
    if (!replica) {
      return this.readFromPrimary(obtainPrimary, 'no_replica_in_rotation');
    }
    try {
      const connection = await this.connect(replica);
      this.count(this.reads, `${replica.name}|replica`);
      return connection;
    } catch (error) {
      this.takeOut(replica, error as Error);
      return this.readFromPrimary(obtainPrimary, 'replica_error');
    }
  }

  private readFromPrimary(obtainPrimary: () => Promise<unknown>, reason: PrimaryReason): Promise<unknown> {
    this.count(this.reads, `primary|${reason}`);
    if (reason === 'no_replica_in_rotation' || reason === 'replica_error') {
      this.count(this.fallbacks, reason);
    }
    return obtainPrimary();
  }

  private pickReplica(): Replica | undefined {
    const inRotation = this.replicas.filter((replica) => replica.inRotation);
    if (inRotation.length === 0) {
      return undefined;
    }
    this.nextReplica = (this.nextReplica + 1) % inRotation.length;
    return inRotation[this.nextReplica];
  }

  private connect(replica: Replica): Promise<PooledConnection> {
    const cluster = (this.dataSource.driver as MysqlDriver).poolCluster as PoolCluster;
    return new Promise((resolve, reject) =>
      cluster.getConnection(replica.nodeId, (error, connection) => {
        if (error) {
          reject(error);
          return;
        }
        // As TypeORM does for its own connections: an error event without a listener would crash the process.
        if (connection.listeners('error').length === 0) {
          connection.on('error', (event) => this.logger.warn(`replica ${replica.name} connection: ${event.message}`));
        }
        resolve(connection);
      }),
    );
  }

  private async writeHeartbeat(): Promise<void> {
    // Several workers and hosts share the row: only a beat older than half an interval is replaced,
    // so the primary sees about two writes per interval however many processes there are. Like the
    // lag checks, it runs on a pooled connection directly, outside TypeORM's query log.
    try {
      const driver = this.dataSource.driver as MysqlDriver;
      const connection = (await driver.obtainMasterConnection()) as PooledConnection;
      try {
        await connection
          .promise()
          .query(
            'UPDATE replication_heartbeat SET beat = UTC_TIMESTAMP(6) WHERE id = ? AND beat < UTC_TIMESTAMP(6) - INTERVAL ? MICROSECOND',
            [HEARTBEAT_ID, this.config.checkIntervalMs * 500],
          );
      } finally {
        connection.release();
      }
    } catch (error) {
      // The primary is down: /health says so. Replicas are still checked: their lag keeps growing.
      this.logger.debug(`heartbeat not written: ${(error as Error).message}`);
    }
  }

  private async checkReplica(replica: Replica): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    try {
      const lagSeconds = await Promise.race([
        this.measureLag(replica),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
        }),
      ]);
      this.record(replica, lagSeconds);
    } catch (error) {
      this.takeOut(replica, error as Error);
    } finally {
      clearTimeout(timeout);
    }
  }

  private async measureLag(replica: Replica): Promise<number | null> {
    const connection = await this.connect(replica);
    try {
      const [rows] = await connection
        .promise()
        .query(
          'SELECT TIMESTAMPDIFF(MICROSECOND, beat, UTC_TIMESTAMP(6)) AS lag FROM replication_heartbeat WHERE id = ?',
          [HEARTBEAT_ID],
        );
      const lag = (rows as { lag: number | string | null }[])[0]?.lag;
      return lag === undefined || lag === null ? null : Math.max(0, Number(lag)) / 1e6;
    } finally {
      connection.release();
    }
  }

  private record(replica: Replica, lagSeconds: number | null): void {
    const wasInRotation = replica.inRotation;
    replica.up = true;
    replica.lagSeconds = lagSeconds;
    replica.inRotation = lagSeconds !== null && lagSeconds * 1000 <= this.config.maxLagMs;
    replica.checkedAt = new Date().toISOString();
    replica.error = lagSeconds === null ? 'no heartbeat row: is it replicating this database?' : undefined;
    if (replica.inRotation && !wasInRotation) {
      this.logger.log(`replica ${replica.name} in rotation (lag ${lagSeconds} s)`);
    } else if (!replica.inRotation && wasInRotation) {
      this.logger.warn(
        `replica ${replica.name} out of rotation: lag ${lagSeconds ?? 'unknown'} s over ${this.config.maxLagMs / 1000} s`,
      );
    }
  }

  private takeOut(replica: Replica, error: Error): void {
    const wasInRotation = replica.inRotation;
    replica.up = false;
    replica.inRotation = false;
    replica.lagSeconds = null;
    replica.checkedAt = new Date().toISOString();
    replica.error = error.message;
    if (wasInRotation) {
      this.logger.warn(`replica ${replica.name} out of rotation: ${error.message}`);
    }
  }

  private count(counts: Map<string, number>, key: string): void {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
}
