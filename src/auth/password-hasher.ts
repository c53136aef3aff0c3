import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';
import { PasswordHashPriority } from '../config/env.validation';
import { isPm2ClusterWorker } from '../lifecycle/pm2';

type Operation = 'hash' | 'verify' | 'identify';
type Answer = { id: number; result?: unknown; error?: string };
type Waiter = { resolve: (result: unknown) => void; reject: (error: Error) => void };

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
}

/**
 * The child process that hashes passwords (password-hasher.worker.js) at the lowest CPU priority (by default),
 * `concurrency` hashes at a time; further requests queue in it, up to `queuePerSlot` per hash at
 * once, each for at most `deadlineMs`; beyond either a request fails with HashingBusyError at once.
 * Started on first use, and again on the next use after it dies (the requests it was working on
 * fail). close() waits for the requests in progress, then lets the process exit.
 */
export class PasswordHasher {
  private child?: ChildProcess;
  private waiters = new Map<number, Waiter>();
  /** Requests sent to the current process and not answered yet, given up on or not. */
  private outstanding = { count: 0 };
  private lastId = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  readonly concurrency: number;
  /** How the process is scheduled: what `priority` asked for, as far as this host allows it. */
  readonly scheduling: 'SCHED_IDLE' | 'nice 19' | 'normal';
  private readonly command: string[];
  private readonly maxOutstanding: number;
  private readonly deadlineMs: number;

  constructor({ priority = 'idle', concurrency, queuePerSlot = 64, deadlineMs = 30_000 }: PasswordHasherOptions = {}) {
    const idle = priority === 'idle' ? idleSchedulingCommand() : null;
    this.scheduling = idle ? 'SCHED_IDLE' : priority === 'normal' ? 'normal' : 'nice 19';
    this.command = [...(idle ?? []), process.execPath, WORKER];
    this.concurrency = concurrency ?? defaultConcurrency(idle !== null);
    this.maxOutstanding = this.concurrency * queuePerSlot;
    this.deadlineMs = deadlineMs;
  }

  /** Requests the hashing process holds: hashing, queued, or given up on and not yet done. */
  get waiting(): number {
    return this.outstanding.count;
  }

  run<T>(operation: Operation, args: unknown[]): Promise<T> {
    if (this.closed) {
      return Promise.reject(new Error('the password hasher is closed'));
    }
    const child = this.child?.connected ? this.child : this.start();
    const { waiters, outstanding } = this;
    if (outstanding.count >= this.maxOutstanding) {
      return Promise.reject(new HashingBusyError(`${outstanding.count} password hashes already waiting`));
    }
    outstanding.count++;
    const id = ++this.lastId;
    const answer = new Promise<T>((resolve, reject) => {
      const deadline = setTimeout(() => {
        if (waiters.delete(id)) {
          reject(new HashingBusyError(`no password hash within ${this.deadlineMs} ms`));
        }
      }, this.deadlineMs);
      const settle =
        <A>(done: (value: A) => void) =>
        (value: A) => {
          clearTimeout(deadline);
          done(value);
        };
      waiters.set(id, { resolve: settle(resolve as (result: unknown) => void), reject: settle(reject) });
      // A process that has just died fails the send (the exit handler then fails the rest).
      child.send({ id, operation, args }, (error) => {
        if (error && waiters.delete(id)) {
          clearTimeout(deadline);
          reject(error);
        }
      });
    });
    const settled = answer.then(noop, noop);
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return answer;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.inFlight);
    const child = this.child;
    if (!child?.connected) {
      return;
    }
    const exited = once(child, 'exit');
    // With its channel closed the process exits; one starved of CPU (SCHED_IDLE) is killed instead.
    child.disconnect();
    const starved = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(starved);
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
    child.on('message', ({ id, result, error }: Answer) => {
      outstanding.count--;
      const waiter = waiters.get(id);
      waiters.delete(id);
      if (error === undefined) {
        waiter?.resolve(result);
      } else {
        waiter?.reject(new Error(`password hashing failed: ${error}`));
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
