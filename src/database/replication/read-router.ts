import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MysqlDriver } from 'typeorm/driver/mysql/MysqlDriver';
import { replicationConfig, ReplicationConfig } from '../../config/replication.config';
import { Dialect } from '../dialect/dialect';
import { toDate } from '../dialect/values';
import { HEARTBEAT_ID } from './heartbeat.entity';
import { PrimaryReason, readContext } from './read-context';
import { Replica, ReplicaRotation, ReplicaStatus } from './replica-rotation';
import { withTimeout } from './with-timeout';

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

/** The primary's clock (UTC_TIMESTAMP) as read at the last heartbeat, and when (performance.now()). */
interface PrimaryClock {
  utcMs: number;
  at: number;
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
 * Every DB_READ_CHECK_INTERVAL_MS each process writes a heartbeat (the primary's UTC time) on the
 * primary and reads each replica's copy: the primary's clock minus that beat is the replica's lag,
 * measured in its own data, whatever the replication technology, with no clock but the primary's.
 * Each of these has its own timeout and never piles up behind a previous one that hangs; a replica
 * whose last answered check is older than `staleAfterMs` is not used. A replica comes back into
 * rotation as soon as a check finds it up and caught up, without a restart.
 */
@Injectable()
export class ReadRouter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReadRouter.name);
  private readonly rotation: ReplicaRotation;
  private readonly reads = new Map<string, number>();
  private readonly fallbacks = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private checking?: Promise<unknown>;
  private heartbeatPending = false;
  private primaryClock?: PrimaryClock;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dialect: Dialect,
    @Inject(replicationConfig.KEY) private readonly config: ReplicationConfig,
  ) {
    this.rotation = new ReplicaRotation(config.replicas, config, this.logger);
  }

  get enabled(): boolean {
    return this.rotation.replicas.length > 0 && this.dialect.supportsReadReplicas;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) {
      return;
    }
    const driver = this.dataSource.driver as MysqlDriver;
    const obtainPrimary = driver.obtainMasterConnection.bind(driver);
    // The one place TypeORM asks for a replica connection: answer it with the router's choice.
    driver.obtainSlaveConnection = () => this.obtainReadConnection(obtainPrimary);
    // The first time in order: the replicas' lag is measured against the primary's clock.
    await withTimeout(this.writeHeartbeat(), this.config.checkTimeoutMs, 'primary').catch(() => undefined);
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
    return this.rotation.statuses();
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

  /**
   * Writes the heartbeat on the primary and checks every replica, side by side; one still waiting
   * from the previous round is left to finish. Resolves when this round's checks have settled.
   */
  async check(): Promise<void> {
    const { checkTimeoutMs } = this.config;
    const round: Promise<unknown>[] = [];
    if (!this.heartbeatPending) {
      const heartbeat = this.pending(this.writeHeartbeat(), (pending) => (this.heartbeatPending = pending));
      round.push(
        withTimeout(heartbeat, checkTimeoutMs, 'primary').catch((error: Error) =>
          this.logger.debug(`heartbeat not written: ${error.message}`),
        ),
      );
    }
    for (const replica of this.rotation.replicas.filter((candidate) => !candidate.checking)) {
      const beat = this.pending(this.replicaBeat(replica), (pending) => (replica.checking = pending));
      round.push(
        withTimeout(beat, checkTimeoutMs, 'replica').then(
          (applied) => this.rotation.record(replica, this.lagOf(applied)),
          (error: Error) => this.rotation.takeOut(replica, error),
        ),
      );
    }
    this.checking = Promise.allSettled(round);
    await this.checking;
  }

  /** Flags `work` as pending until it settles, whatever a timeout around it says. */
  private pending<T>(work: Promise<T>, flag: (pending: boolean) => void): Promise<T> {
    flag(true);
    work.then(
      () => flag(false),
      () => flag(false),
    );
    return work;
  }

  private async obtainReadConnection(obtainPrimary: () => Promise<unknown>): Promise<unknown> {
    const forced = readContext.getStore()?.primaryReason;
    if (forced) {
      return this.readFromPrimary(obtainPrimary, forced);
    }
    const replica = this.rotation.pick();
    if (!replica) {
      return this.readFromPrimary(obtainPrimary, 'no_replica_in_rotation');
    }
    try {
      // A replica that does not give a connection within the check timeout is taken out at once.
      const connection = await withTimeout(this.connect(replica), this.config.checkTimeoutMs, 'connection', (late) =>
        late.release(),
      );
      this.count(this.reads, `${replica.name}|replica`);
      return connection;
    } catch (error) {
      this.rotation.takeOut(replica, error as Error);
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

  /**
   * Writes the heartbeat and reads the primary's clock. Several workers and hosts share the row: only
   * a beat older than half an interval (or in the future, after the primary's clock stepped back) is
   * replaced, so the primary sees about two writes per interval however many processes there are.
   * Like the lag checks it runs on a pooled connection directly, outside TypeORM's query log.
   */
  private async writeHeartbeat(): Promise<void> {
    const driver = this.dataSource.driver as MysqlDriver;
    const connection = (await driver.obtainMasterConnection()) as PooledConnection;
    try {
      await connection
        .promise()
        .query(
          'UPDATE replication_heartbeat SET beat = UTC_TIMESTAMP(6) WHERE id = ? AND (beat < UTC_TIMESTAMP(6) - INTERVAL ? MICROSECOND OR beat > UTC_TIMESTAMP(6))',
          [HEARTBEAT_ID, this.config.checkIntervalMs * 500],
        );
      const [rows] = await connection.promise().query('SELECT UTC_TIMESTAMP(6) AS now');
      const [{ now }] = rows as { now: Date | string }[];
      this.primaryClock = { utcMs: toDate(now).getTime(), at: performance.now() };
    } finally {
      connection.release();
    }
  }

  /** The primary's clock now, from its last reading; undefined before the first heartbeat. */
  private primaryNow(): number | undefined {
    return this.primaryClock && this.primaryClock.utcMs + (performance.now() - this.primaryClock.at);
  }

  /** The lag of a replica that has applied the heartbeat `beat`, in seconds; null when unknown. */
  private lagOf(beat: number | null): number | null {
    const now = this.primaryNow();
    return beat === null || now === undefined ? null : Math.max(0, now - beat) / 1000;
  }

  /** The newest heartbeat the replica has applied (ms since the epoch, UTC), null without the row. */
  private async replicaBeat(replica: Replica): Promise<number | null> {
    const connection = await this.connect(replica);
    try {
      const [rows] = await connection
        .promise()
        .query('SELECT beat FROM replication_heartbeat WHERE id = ?', [HEARTBEAT_ID]);
      const beat = (rows as { beat: Date | string }[])[0]?.beat;
      return beat === undefined ? null : toDate(beat).getTime();
    } finally {
      connection.release();
    }
  }

  private count(counts: Map<string, number>, key: string): void {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
}
