import { PasswordHashPriority } from '../password-hash-priority';
import { Fallback, HashingLane, HashRequest } from './hashing-lane';
import { HashingOperation, HashingPolicy } from './hashing-policy';
import { HashingProcess, HashingProcessSpec, HashingWorker } from './hashing-process';
import { defaultConcurrency, NORMAL_SCHEDULING, ProcessScheduling, schedulingFor } from './process-scheduling';

export { HashingBusyError } from './hashing-lane';

export interface PasswordHasherOptions {
  /**
   * The process's CPU priority (PASSWORD_HASH_PRIORITY): `idle` (the default) SCHED_IDLE and nice
   * 19, or nice 19 alone where SCHED_IDLE is not to be had; `low` nice 19; `normal` the server's own.
   */
  priority?: PasswordHashPriority;
  /** Hashes at once (PASSWORD_HASH_CONCURRENCY); unset: see defaultConcurrency(). */
  concurrency?: number;
  /** Requests held per hash at once, beyond which a request is refused. */
  queuePerSlot?: number;
  /** How long a request may wait for its hash before it is refused. */
  deadlineMs?: number;
  /** Below normal priority: how long without a hash done before the fallback process takes over. */
  starvedAfterMs?: number;
  /** The executable search path where chrt is looked up (the host's PATH). */
  searchPath: string;
  /** In a PM2 cluster worker one hash at a time by default: the workers already share the cores. */
  clusterWorker?: boolean;
  /** Starts a hashing process; the specs pass stubs. */
  startProcess?: (spec: HashingProcessSpec) => HashingWorker;
  /** The clock the policy reads (Date.now, which the worker's deadlines use too). */
  now?: () => number;
}

/** How hashing turned out on this host against the priority asked for, for the startup log. */
export type HashingSetup = Readonly<{
  priority: PasswordHashPriority;
  scheduling: ProcessScheduling['name'];
  concurrency: number;
}>;

/** For /metrics: requests the hashing processes hold, how many went to the fallback, how many were refused. */
export type HashingStats = Readonly<{ waiting: number; fallbacks: number; refused: number }>;

/**
 * Hashes in a child process (hashing-process.ts), by default at the lowest CPU priority, `concurrency`
 * hashes at a time; further requests queue in it, up to `queuePerSlot` per hash at once, each for at
 * most `deadlineMs`; beyond either a request fails with HashingBusyError. Below normal priority, a
 * process starved of CPU for `starvedAfterMs` has its requests hashed by a fallback process at normal
 * priority, started then (hashing-policy.ts decides). The scheduling is probed once, before the first
 * process starts. close() waits for the requests in progress, then lets the processes exit.
 */
export class PasswordHasher {
  private ready?: Promise<{ primary: HashingLane; setup: HashingSetup }>;
  private primary?: HashingLane;
  private fallback?: HashingLane;
  private closed = false;

  constructor(private readonly options: PasswordHasherOptions) {}

  /** Probes the scheduling and starts the process, so that the first request does not wait for either. */
  async start(): Promise<HashingSetup> {
    const { primary, setup } = await this.prepared();
    if (!this.closed) {
      primary.warmUp();
    }
    return setup;
  }

  async run<T>(operation: HashingOperation, args: unknown[]): Promise<T> {
    if (this.closed) {
      throw new Error('the password hasher is closed');
    }
    const { primary } = await this.prepared();
    return (await primary.submit(operation, args)) as T;
  }

  stats(): HashingStats {
    const primary = this.primary?.policy.stats();
    const fallback = this.fallback?.policy.stats();
    return {
      waiting: (primary?.held ?? 0) + (fallback?.held ?? 0),
      fallbacks: primary?.rescued ?? 0,
      refused: (primary?.refused ?? 0) + (fallback?.refused ?? 0),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const primary = (await this.ready)?.primary;
    await primary?.drain();
    await this.fallback?.drain();
    await Promise.all([primary?.stop(), this.fallback?.stop()]);
  }

  private prepared(): Promise<{ primary: HashingLane; setup: HashingSetup }> {
    this.ready ??= this.prepare();
    return this.ready;
  }

  private async prepare(): Promise<{ primary: HashingLane; setup: HashingSetup }> {
    const { priority = 'idle', concurrency, searchPath, clusterWorker = false, starvedAfterMs = 1_000 } = this.options;
    const scheduling = await schedulingFor(priority, searchPath);
    const setup = {
      priority,
      scheduling: scheduling.name,
      concurrency: concurrency ?? defaultConcurrency(scheduling.name === 'SCHED_IDLE', clusterWorker),
    };
    const starvesAfter = scheduling.name === 'normal' ? 0 : starvedAfterMs;
    this.primary = this.newLane(scheduling, setup.concurrency, starvesAfter, (operation, args) =>
      this.fallbackLane().submit(operation, args),
    );
    return { primary: this.primary, setup };
  }

  /** At normal priority, started when the primary process is first starved. */
  private fallbackLane(): HashingLane {
    this.fallback ??= this.newLane(
      NORMAL_SCHEDULING,
      defaultConcurrency(false, this.options.clusterWorker ?? false),
      0,
    );
    return this.fallback;
  }

  private newLane(
    scheduling: ProcessScheduling,
    concurrency: number,
    starvedAfterMs: number,
    fallback?: Fallback,
  ): HashingLane {
    const {
      queuePerSlot = 64,
      deadlineMs = 30_000,
      startProcess = (spec) => HashingProcess.start(spec),
      now,
    } = this.options;
    const policy = new HashingPolicy<HashRequest>({ concurrency, queuePerSlot, deadlineMs, starvedAfterMs }, now);
    const spec = { prefix: scheduling.prefix, concurrency, lowestNice: scheduling.name !== 'normal' };
    return new HashingLane(policy, () => startProcess(spec), fallback);
  }
}
