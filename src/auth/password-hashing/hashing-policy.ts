/** What a hashing process is asked to do; `identify` reports on the process itself and is never rescued. */
export type HashingOperation = 'hash' | 'verify' | 'identify';

/** How a request left the process: worked on (`hashed`, `failed`), dropped before its turn, or lost with the process. */
export type HashingOutcome = 'hashed' | 'failed' | 'expired' | 'cancelled' | 'lost';

export interface HashingLimits {
  /** Hashes the process computes at once. */
  concurrency: number;
  /** Requests the process may hold per hash at once, running and queued; beyond that, requests are refused. */
  queuePerSlot: number;
  /** How long a caller waits for its answer. */
  deadlineMs: number;
  /** Holding requests and finishing none for this long, the process counts as starved of CPU; 0: never. */
  starvedAfterMs: number;
}

/**
 * Where a request goes: to the process (and, for the one request that probes a starved process, to
 * the fallback as well), straight to the fallback, or nowhere.
 */
export type Route =
  | { to: 'process'; id: number; expiresAt: number; alsoFallback: boolean }
  | { to: 'fallback' }
  | { to: 'refused'; reason: string };

interface Held<R> {
  request: R;
  operation: HashingOperation;
  /** The caller still waits for this process's answer: not answered elsewhere, not past its deadline. */
  waiting: boolean;
  rescued: boolean;
}

/**
 * Admission, deadlines and starvation for one hashing process, as decisions on a clock: no process,
 * no timers. The process holds up to concurrency × queuePerSlot requests, abandoned ones included
 * until it drops them. Holding requests and finishing none for starvedAfterMs, it is starved: what it
 * holds goes to the fallback as well (the first answer counts), and so do new requests, until it
 * finishes one; one request at a time goes to both, to find out when it runs again.
 */
export class HashingPolicy<R> {
  private readonly held = new Map<number, Held<R>>();
  private lastId = 0;
  /** When the process last finished a request, or last got one while it held none. */
  private progressAt = 0;
  /** Found starved, and not one request finished since. */
  private starvation = false;
  /** The request that also goes to the starved process, while its caller waits. */
  private probe?: number;
  private rescued = 0;
  private refused = 0;

  constructor(
    readonly limits: Readonly<HashingLimits>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  route(operation: HashingOperation, request: R): Route {
    if (operation !== 'identify' && this.starved()) {
      if (this.probe !== undefined || this.full()) {
        this.rescued++;
        return { to: 'fallback' };
      }
      const probe = this.admit(operation, request, true);
      this.probe = probe.id;
      return probe;
    }
    if (this.full()) {
      this.refused++;
      return { to: 'refused', reason: `${this.held.size} password hashes already waiting` };
    }
    return this.admit(operation, request, false);
  }

  /** The caller has its answer, from the process or the fallback. */
  answered(id: number): void {
    this.stopWaiting(id);
  }

  /** The caller's deadline has passed: true (and counted as refused) if it was still waiting. */
  giveUp(id: number): boolean {
    if (!this.stopWaiting(id)) {
      return false;
    }
    this.refused++;
    return true;
  }

  /** The process no longer holds the request. Only work done is progress: dropping one takes no CPU. */
  release(id: number, outcome: HashingOutcome): void {
    this.stopWaiting(id);
    this.held.delete(id);
    if (outcome === 'hashed' || outcome === 'failed') {
      this.progressAt = this.now();
      this.starvation = false;
    }
  }

  /** A new process replaces the old one: nothing says it will be starved. */
  restarted(): void {
    this.starvation = false;
    this.progressAt = this.now();
  }

  /** Whether starvation is to be watched for now, and how often. */
  get watchEveryMs(): number | undefined {
    return this.limits.starvedAfterMs > 0 && this.held.size > 0 ? this.limits.starvedAfterMs / 4 : undefined;
  }

  /** If the process is starved: the waiting requests it holds that go to the fallback as well, each once. */
  rescueIfStarved(): Array<{ id: number; request: R }> {
    if (!this.starved()) {
      return [];
    }
    this.starvation = true;
    const rescues: Array<{ id: number; request: R }> = [];
    for (const [id, held] of this.held) {
      if (held.waiting && !held.rescued && held.operation !== 'identify') {
        held.rescued = true;
        this.rescued++;
        rescues.push({ id, request: held.request });
      }
    }
    return rescues;
  }

  /** held: requests the process holds; rescued: requests (also) sent to the fallback; refused: too many, or too late. */
  stats(): Readonly<{ held: number; rescued: number; refused: number }> {
    return { held: this.held.size, rescued: this.rescued, refused: this.refused };
  }

  private admit(operation: HashingOperation, request: R, rescued: boolean): Route & { to: 'process' } {
    const now = this.now();
    if (this.held.size === 0) {
      this.progressAt = now;
    }
    const id = ++this.lastId;
    this.held.set(id, { request, operation, waiting: true, rescued });
    if (rescued) {
      this.rescued++;
    }
    return { to: 'process', id, expiresAt: now + this.limits.deadlineMs, alsoFallback: rescued };
  }

  private full(): boolean {
    return this.held.size >= this.limits.concurrency * this.limits.queuePerSlot;
  }

  private starved(): boolean {
    const { starvedAfterMs } = this.limits;
    return (
      starvedAfterMs > 0 && (this.starvation || (this.held.size > 0 && this.now() - this.progressAt >= starvedAfterMs))
    );
  }

  private stopWaiting(id: number): boolean {
    const held = this.held.get(id);
    if (this.probe === id) {
      this.probe = undefined;
    }
    if (!held?.waiting) {
      return false;
    }
    held.waiting = false;
    return true;
  }
}
