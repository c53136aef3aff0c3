import { HashingOperation, HashingPolicy, Route } from './hashing-policy';
import { HashingProcessError, HashingWorker } from './hashing-process';

/**
 * A hash that could not be had in time: too many already waiting, or none of its deadline left
 * (under SCHED_IDLE a host whose cores are all busy leaves hashing almost nothing).
 */
export class HashingBusyError extends Error {}

/** A caller waiting for its answer. */
export interface HashRequest {
  operation: HashingOperation;
  args: unknown[];
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

export type Fallback = (operation: HashingOperation, args: unknown[]) => Promise<unknown>;

/** Only a policy that watches for starvation sends requests to a fallback, and such a lane has one. */
const noFallback: Fallback = () => Promise.reject(new HashingBusyError('no fallback for password hashing'));

/**
 * One hashing process, started on first use and again on the next use after it dies, with the policy
 * that admits requests to it: sends what the policy admits, holds each caller to its deadline, and
 * sends what the policy rescues from a starved process to `fallback` too.
 */
export class HashingLane {
  private process?: HashingWorker;
  private watchdog?: NodeJS.Timeout;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    readonly policy: HashingPolicy<HashRequest>,
    private readonly startProcess: () => HashingWorker,
    private readonly fallback?: Fallback,
  ) {}

  /** Starts the process now, so that the first request does not wait for it. */
  warmUp(): void {
    this.current();
  }

  submit(operation: HashingOperation, args: unknown[]): Promise<unknown> {
    if (this.stopped) {
      return Promise.reject(new Error('the password hasher is closed'));
    }
    let request!: HashRequest;
    const answer = new Promise<unknown>((resolve, reject) => (request = { operation, args, resolve, reject }));
    const route = this.policy.route(operation, request);
    switch (route.to) {
      case 'refused':
        request.reject(new HashingBusyError(route.reason));
        break;
      case 'fallback':
        void this.toFallback(request);
        break;
      case 'process':
        this.send(route, request, answer);
        break;
    }
    return answer;
  }

  /** Waits for the answers of the requests submitted so far. */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  /** Stops the process; requests still to come (a rescue under way) are refused rather than start another. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.watchdog);
    await this.process?.close();
  }

  private send(route: Route & { to: 'process' }, request: HashRequest, answer: Promise<unknown>): void {
    const { id } = route;
    const deadline = setTimeout(() => {
      if (this.policy.giveUp(id)) {
        request.reject(this.pastDeadline());
      }
    }, this.policy.limits.deadlineMs);
    const settled = answer.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => {
      clearTimeout(deadline);
      this.policy.answered(id);
      this.inFlight.delete(settled);
    });
    this.current()
      .request(id, request.operation, request.args, route.expiresAt)
      .then(
        (result) => {
          this.policy.release(id, 'hashed');
          request.resolve(result);
        },
        (error: HashingProcessError) => this.failed(id, request, error),
      );
    if (route.alsoFallback) {
      this.rescue(id, request);
    }
    this.watch();
  }

  private failed(id: number, request: HashRequest, error: HashingProcessError): void {
    const { outcome } = error;
    // Refused at its turn, the caller's deadline having passed: the answer may beat the caller's timer.
    const pastDeadline = outcome === 'expired' && this.policy.giveUp(id);
    this.policy.release(id, outcome);
    if (pastDeadline) {
      request.reject(this.pastDeadline());
    } else if (outcome !== 'expired' && outcome !== 'cancelled') {
      request.reject(error);
    }
  }

  private pastDeadline(): HashingBusyError {
    return new HashingBusyError(`no password hash within ${this.policy.limits.deadlineMs} ms`);
  }

  /** While the process holds requests, checks a few times per starvedAfterMs whether it is starved. */
  private watch(): void {
    const every = this.policy.watchEveryMs;
    if (every === undefined || this.watchdog) {
      return;
    }
    this.watchdog = setInterval(() => {
      if (this.policy.watchEveryMs === undefined) {
        clearInterval(this.watchdog);
        this.watchdog = undefined;
        return;
      }
      for (const { id, request } of this.policy.rescueIfStarved()) {
        this.rescue(id, request);
      }
    }, every);
    this.watchdog.unref();
  }

  /** Answered by the fallback too, whichever answers first; the starved process then drops it unless it has begun it. */
  private rescue(id: number, request: HashRequest): void {
    const process = this.process;
    void this.toFallback(request).finally(() => process?.cancel(id));
  }

  private toFallback(request: HashRequest): Promise<void> {
    return (this.fallback ?? noFallback)(request.operation, request.args).then(request.resolve, request.reject);
  }

  private current(): HashingWorker {
    if (!this.process?.alive) {
      this.process = this.startProcess();
      this.policy.restarted();
    }
    return this.process;
  }
}
