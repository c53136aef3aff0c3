import { LoggerService } from '@nestjs/common';

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

export interface Replica extends ReplicaStatus {
  /** mysql2's PoolCluster node of this replica. */
  nodeId: string;
  /** A check of it is still waiting for an answer: the next one is skipped, not piled up. */
  checking: boolean;
  /** performance.now() of its last answered check. */
  answeredAt: number;
}

export interface RotationSettings {
  /** The most a replica may be behind and still be read from. */
  maxLagMs: number;
  /** A replica whose last answered check is older than this is not read from. */
  staleAfterMs: number;
}

/**
 * What the read router knows of each replica from its last check, and the round-robin choice among
 * those in rotation. It keeps no clock but performance.now() and reads no database: the checks'
 * results are handed to it.
 */
export class ReplicaRotation {
  readonly replicas: Replica[];
  private nextReplica = 0;

  constructor(
    replicas: readonly { name: string; nodeId: string }[],
    private readonly settings: RotationSettings,
    private readonly logger: LoggerService,
  ) {
    this.replicas = replicas.map(({ name, nodeId }) => ({
      name,
      nodeId,
      up: false,
      lagSeconds: null,
      inRotation: false,
      checkedAt: null,
      checking: false,
      answeredAt: 0,
    }));
  }

  /** Each replica's state at its last check, for /health. */
  statuses(): ReplicaStatus[] {
    return this.replicas.map(({ name, up, lagSeconds, inRotation, checkedAt, error }) => ({
      name,
      up,
      lagSeconds,
      inRotation,
      checkedAt,
      ...(error === undefined ? {} : { error }),
    }));
  }

  /** The next replica in rotation whose last answered check is recent enough; undefined when none is. */
  pick(): Replica | undefined {
    const freshAfter = performance.now() - this.settings.staleAfterMs;
    const inRotation = this.replicas.filter((replica) => replica.inRotation && replica.answeredAt >= freshAfter);
    if (inRotation.length === 0) {
      return undefined;
    }
    this.nextReplica = (this.nextReplica + 1) % inRotation.length;
    return inRotation[this.nextReplica];
  }

  /** A check answered: the replica is up, and in rotation when its lag is known and within the bound. */
  record(replica: Replica, lagSeconds: number | null): void {
    const wasInRotation = replica.inRotation;
    replica.up = true;
    replica.lagSeconds = lagSeconds;
    replica.inRotation = lagSeconds !== null && lagSeconds * 1000 <= this.settings.maxLagMs;
    replica.checkedAt = new Date().toISOString();
    replica.answeredAt = performance.now();
    replica.error = lagSeconds === null ? 'no heartbeat row: is it replicating this database?' : undefined;
    if (replica.inRotation && !wasInRotation) {
      this.logger.log(`replica ${replica.name} in rotation (lag ${lagSeconds} s)`);
    } else if (!replica.inRotation && wasInRotation) {
      this.logger.warn(
        `replica ${replica.name} out of rotation: lag ${lagSeconds ?? 'unknown'} s over ${this.settings.maxLagMs / 1000} s`,
      );
    }
  }

  /** A check or a connection failed: the replica is down and out of rotation until a check finds it up. */
  takeOut(replica: Replica, error: Error): void {
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
}
