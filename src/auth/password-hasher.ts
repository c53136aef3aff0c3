import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';
import { PasswordHashPriority } from './password-hash-priority';
import { isPm2ClusterWorker } from '../lifecycle/pm2';

type Operation = 'hash' | 'verify' | 'identify';
/**
 * `expired`: not begun, its caller's deadline having passed (the answer may beat the caller's own
 * timer); `cancelled`: not begun, answered by the fallback process already.
 */
type Answer = { id: number; result?: unknown; error?: string; expired?: boolean; cancelled?: boolean };
type Waiter = {
  operation: Operation;
  args: unknown[];
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  /** Also sent to the fallback process, whose answer, if first, is the one the caller gets. */
  rescued?: boolean;
};

const noop = () => undefined;

const WORKER = join(__dirname, 'password-hasher.worker.js');

let idleScheduling: string[] | null | undefined;

/**
 * The command prefix that starts the hashing process under Linux's SCHED_IDLE policy (util-linux's
 * chrt), or null where that does not work (another OS, no chrt, BusyBox's chrt, a kernel or sandbox
 * that refuses): tried once, on a `node --version`. Under SCHED_IDLE the process runs only on a core
 * nothing else wants, and a woken request thread preempts it at once; a nice value alone (which
 * the worker also sets) still lets a hash finish its time slice, a few milliseconds, first.
 */
export function idleSchedulingCommand(): string[] | null {
  if (idleScheduling === undefined) {
    idleScheduling = null;
    const chrt = (process.env.PATH ?? '/usr/bin:/bin')
      .split(delimiter)
      .map((dir) => join(dir, 'chrt'))
      .find((path) => existsSync(path));
    if (process.platform === 'linux' && chrt) {
      const command = [chrt, '--idle', '0'];
      const check = spawnSync(command[0], [...command.slice(1), process.execPath, '--version'], {
        stdio: 'ignore',
        timeout: 10_000,
      });
      idleScheduling = check.status === 0 ? command : null;
    }
  }
  return idleScheduling;
}

/**
 * Hashes at once when PASSWORD_HASH_CONCURRENCY is unset: one per PM2 cluster worker (the workers
 * already share the cores); else every core under SCHED_IDLE, which only takes idle time, and one
 * core fewer without it, so a login flood leaves the event loop a core.
 */
function defaultConcurrency(underIdleScheduling: boolean): number {
  if (isPm2ClusterWorker()) {
    return 1;
  }
  const cores = Math.min(64, availableParallelism());
  return underIdleScheduling ? cores : Math.max(1, cores - 1);
}

/**
 * A hash that could not be had in time: too many already waiting, or none of its deadline left
 * (under SCHED_IDLE a host whose cores are all busy leaves hashing almost nothing).
 */
export class HashingBusyError extends Error {}

export interface PasswordHasherOptions {
  /**
   * The process's CPU priority (PASSWORD_HASH_PRIORITY): `idle` (the default) SCHED_IDLE and nice
   * 19, or nice 19 alone where SCHED_IDLE is not to be had; `low` nice 19; `normal` the server's own.
   */
  priority?: PasswordHashPriority;
  /** Hashes at once; unset: see defaultConcurrency(). */
  concurrency?: number;
  /** Requests the process may hold (hashing or queued) per hash at once; more are refused. */
  queuePerSlot?: number;
  /** How long a caller waits for its answer before it is refused (the hash may still run). */
  deadlineMs?: number;
  /**
   * Below normal priority: how long the process may hold requests without answering any (starved:
   * every core busy with other work) before they, and new ones while it lasts, go to a second process
   * at the server's own priority as well; the first answer counts. 0: never.
   */
  starvedAfterMs?: number;
}

/**
 * The child process that hashes passwords (password-hasher.worker.js), by default at the lowest CPU
 * priority, `concurrency` hashes at a time; further requests queue in it, up to `queuePerSlot` per
 * hash at once, each for at most `deadlineMs`; beyond either a request fails with HashingBusyError.
 * Below normal priority, a process starved of CPU for `starvedAfterMs` has its requests hashed by a
 * fallback process at normal priority, started then. Started on first use, and again on the next use
 * after it dies (the requests it was working on fail). close() waits for the requests in progress,
 * then lets the process exit.
 */
export class PasswordHasher {
  private child?: ChildProcess;
  private waiters = new Map<number, Waiter>();
  /** Requests sent to the current process and not answered yet, given up on or not. */
  private outstanding = { count: 0 };
  /** When the current process last answered, or last got work while it held none. */
  private progressAt = 0;
  /** Found starved, and not one answer since: new requests go to the fallback. */
  private starvation = false;
  /** A request of the starvation sent to this process too, to learn when it runs again. */
  private probing = false;
  private watchdog?: NodeJS.Timeout;
  private fallback?: PasswordHasher;
  private lastId = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  /** Requests hashed (also) by the fallback process because this one was starved. */
  rescued = 0;
  /** Requests refused: too many waiting, or past their deadline. */
  refused = 0;

  readonly concurrency: number;
  /** How the process is scheduled: what `priority` asked for, as far as this host allows it. */
  readonly scheduling: 'SCHED_IDLE' | 'nice 19' | 'normal';
  private readonly command: string[];
  private readonly queuePerSlot: number;
  private readonly maxOutstanding: number;
  private readonly deadlineMs: number;
  private readonly starvedAfterMs: number;

  constructor({
    priority = 'idle',
    concurrency,
    queuePerSlot = 64,
    deadlineMs = 30_000,
    starvedAfterMs = 1_000,
  }: PasswordHasherOptions = {}) {
    const idle = priority === 'idle' ? idleSchedulingCommand() : null;
    this.scheduling = idle ? 'SCHED_IDLE' : priority === 'normal' ? 'normal' : 'nice 19';
    this.command = [...(idle ?? []), process.execPath, WORKER];
    this.concurrency = concurrency ?? defaultConcurrency(idle !== null);
    this.queuePerSlot = queuePerSlot;
    this.maxOutstanding = this.concurrency * queuePerSlot;
    this.deadlineMs = deadlineMs;
    this.starvedAfterMs = this.scheduling === 'normal' ? 0 : starvedAfterMs;
  }

  /** The fallback hasher at normal priority, once this one has been starved (for its figures and the tests). */
  get fallbackProcess(): PasswordHasher | undefined {
    return this.fallback;
  }

  /** Requests the hashing process holds: hashing, queued, or given up on and not yet done. */
  get waiting(): number {
    return this.outstanding.count;
  }

  /** Starts the process now, so that the first request does not wait for it. */
  warmUp(): void {
    if (!this.closed && !this.child?.connected) {
      this.start();
    }
  }

  run<T>(operation: Operation, args: unknown[]): Promise<T> {
    if (this.closed) {
      return Promise.reject(new Error('the password hasher is closed'));
    }
    if (operation === 'identify' || !this.starved()) {
      return this.send<T>(operation, args, false);
    }
    if (this.probing || this.outstanding.count >= this.maxOutstanding) {
      this.rescued++;
      return this.fallbackHasher().run<T>(operation, args);
    }
    // One request at a time goes to the starved process as well: the first it answers ends the
    // starvation. It gets the fallback's answer if that comes first, and is then dropped there.
    this.probing = true;
    const answer = this.send<T>(operation, args, true);
    void answer.then(noop, noop).then(() => (this.probing = false));
    return answer;
  }

  private send<T>(operation: Operation, args: unknown[], rescueNow: boolean): Promise<T> {
    const child = this.child?.connected ? this.child : this.start();
    const { waiters, outstanding } = this;
    if (outstanding.count >= this.maxOutstanding) {
      this.refused++;
      return Promise.reject(new HashingBusyError(`${outstanding.count} password hashes already waiting`));
    }
    if (outstanding.count++ === 0) {
      this.progressAt = Date.now();
    }
    this.watch();
    const id = ++this.lastId;
    const answer = new Promise<T>((resolve, reject) => {
      const deadline = setTimeout(() => {
        if (waiters.delete(id)) {
          reject(this.pastDeadline());
        }
      }, this.deadlineMs);
      const settle =
        <A>(done: (value: A) => void) =>
        (value: A) => {
          clearTimeout(deadline);
          done(value);
        };
      waiters.set(id, {
        operation,
        args,
        resolve: settle(resolve as (result: unknown) => void),
        reject: settle(reject),
      });
      // A process that has just died fails the send (the exit handler then fails the rest).
      child.send({ id, operation, args, expiresAt: Date.now() + this.deadlineMs }, (error) => {
        if (error) {
          // Never delivered, so never answered: its place is free again.
          outstanding.count--;
          if (waiters.delete(id)) {
            clearTimeout(deadline);
            reject(error);
          }
        }
      });
    });
    if (rescueNow) {
      this.rescueOne(id, waiters.get(id), child);
    }
    const settled = answer.then(noop, noop);
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return answer;
  }

  /** A request refused for its deadline: by the caller's timer, or by the process, whichever comes first. */
  private pastDeadline(): HashingBusyError {
    this.refused++;
    return new HashingBusyError(`no password hash within ${this.deadlineMs} ms`);
  }

  /** Holding requests and none answered for starvedAfterMs; then until the process answers one. */
  private starved(): boolean {
    return (
      this.starvedAfterMs > 0 &&
      (this.starvation || (this.outstanding.count > 0 && Date.now() - this.progressAt >= this.starvedAfterMs))
    );
  }

  /** While requests are held, checks a few times per starvedAfterMs whether they are starved. */
  private watch(): void {
    if (this.starvedAfterMs === 0 || this.watchdog) {
      return;
    }
    this.watchdog = setInterval(() => {
      if (this.outstanding.count === 0 || this.closed) {
        clearInterval(this.watchdog);
        this.watchdog = undefined;
      } else if (this.starved()) {
        this.rescue();
      }
    }, this.starvedAfterMs / 4);
    this.watchdog.unref();
  }

  /** Sends every request the starved process holds to the fallback too; the first answer counts. */
  private rescue(): void {
    this.starvation = true;
    for (const [id, waiter] of this.waiters) {
      this.rescueOne(id, waiter, this.child);
    }
  }

  private rescueOne(id: number, waiter: Waiter | undefined, child: ChildProcess | undefined): void {
    if (!waiter || waiter.rescued || waiter.operation === 'identify') {
      return;
    }
    waiter.rescued = true;
    this.rescued++;
    // Answered by the fallback: the starved process drops it unless it has begun it.
    const cancel = () => child?.connected && child.send({ cancel: id }, noop);
    this.fallbackHasher().run(waiter.operation, waiter.args).then(waiter.resolve, waiter.reject).finally(cancel);
  }

  private fallbackHasher(): PasswordHasher {
    this.fallback ??= new PasswordHasher({
      priority: 'normal',
      queuePerSlot: this.queuePerSlot,
      deadlineMs: this.deadlineMs,
    });
    return this.fallback;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.inFlight);
    await this.fallback?.close();
    const child = this.child;
    if (!child?.connected) {
      return;
    }
    const exited = once(child, 'exit');
    // With its channel closed the process exits; one starved of CPU (SCHED_IDLE) is killed instead.
    child.disconnect();
    const starved = setTimeout(() => child.kill('SIGKILL'), 2_000);
    try {
      await exited;
    } catch {
      // An 'error' event (a failed kill): the exit handler has already failed its requests.
    } finally {
      clearTimeout(starved);
    }
  }

  private start(): ChildProcess {
    // Nothing of the server's: no inspector or profiler flags, no secrets in its environment.
    const [command, ...args] = this.command;
    const child = spawn(command, args, {
      env: {
        UV_THREADPOOL_SIZE: String(this.concurrency),
        HASH_NICE: this.scheduling === 'normal' ? 'keep' : 'lowest',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const waiters = new Map<number, Waiter>();
    const outstanding = { count: 0 };
    this.waiters = waiters;
    this.outstanding = outstanding;
    this.starvation = false;
    child.on('message', ({ id, result, error, expired, cancelled }: Answer) => {
      outstanding.count--;
      // Only a hash done is progress: dropping a request takes next to no CPU time.
      if (this.child === child && !expired && !cancelled) {
        this.progressAt = Date.now();
        this.starvation = false;
      }
      const waiter = waiters.get(id);
      if (!waiter) {
        return;
      }
      waiters.delete(id);
      if (error === undefined) {
        waiter.resolve(result);
      } else if (expired) {
        waiter.reject(this.pastDeadline());
      } else {
        waiter.reject(new Error(`password hashing failed: ${error}`));
      }
    });
    const fail = (failure: Error) => {
      if (this.child === child) {
        this.child = undefined;
      }
      for (const waiter of waiters.values()) {
        waiter.reject(failure);
      }
      waiters.clear();
    };
    child.once('exit', (code, signal) => {
      fail(new Error(`the password-hashing process exited (${signal ?? `code ${code}`})`));
    });
    // It could not be started (or signalled): its requests fail, and the next one starts another.
    child.on('error', (error) => {
      fail(new Error(`the password-hashing process failed: ${error.message}`));
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    });
    this.child = child;
    return child;
  }
}
