import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

type Operation = 'hash' | 'verify' | 'identify';
type Answer = { id: number; result?: unknown; error?: string };
type Waiter = { resolve: (result: unknown) => void; reject: (error: Error) => void };

const noop = () => undefined;

const WORKER = join(__dirname, 'password-hasher.worker.js');

/**
 * util-linux's chrt, to start the hashing process under Linux's SCHED_IDLE policy: it then runs only
 * on a core nothing else wants, and a woken request thread preempts it at once. A nice value alone
 * (which the worker also sets, for hosts without chrt) still lets a hash finish its time slice, a
 * few milliseconds, before the event loop or the database gets the core back.
 */
function findChrt(): string | undefined {
  if (process.platform !== 'linux') {
    return undefined;
  }
  const dirs = (process.env.PATH ?? '/usr/bin:/bin').split(delimiter);
  return dirs.map((dir) => join(dir, 'chrt')).find((path) => existsSync(path));
}

/**
 * The child process that hashes passwords (password-hasher.worker.js) at the lowest CPU priority,
 * `concurrency` hashes at a time; further requests queue in it. Started on first use, and again on
 * the next use after it dies (the requests it was working on fail). close() waits for the requests
 * in progress, then lets the process exit.
 */
export class PasswordHasher {
  private child?: ChildProcess;
  private waiters = new Map<number, Waiter>();
  private lastId = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  private readonly chrt = findChrt();

  constructor(private readonly concurrency: number) {}

  run<T>(operation: Operation, args: unknown[]): Promise<T> {
    if (this.closed) {
      return Promise.reject(new Error('the password hasher is closed'));
    }
    const child = this.child ?? this.start();
    const id = ++this.lastId;
    const answer = new Promise<T>((resolve, reject) => {
      this.waiters.set(id, { resolve: resolve as (result: unknown) => void, reject });
      child.send({ id, operation, args });
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
    // With its channel closed and nothing left to hash, the process runs out of work and exits.
    child.disconnect();
    await exited;
  }

  private start(): ChildProcess {
    // Nothing of the server's: no inspector or profiler flags, no secrets in its environment.
    const command = this.chrt ? [this.chrt, '--idle', '0', process.execPath, WORKER] : [process.execPath, WORKER];
    const child = spawn(command[0], command.slice(1), {
      env: { UV_THREADPOOL_SIZE: String(this.concurrency) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const waiters = new Map<number, Waiter>();
    this.waiters = waiters;
    child.on('message', ({ id, result, error }: Answer) => {
      const waiter = waiters.get(id);
      waiters.delete(id);
      if (error === undefined) {
        waiter?.resolve(result);
      } else {
        waiter?.reject(new Error(`password hashing failed: ${error}`));
      }
    });
    child.once('exit', (code, signal) => {
      if (this.child === child) {
        this.child = undefined;
      }
      const failure = new Error(`the password-hashing process exited (${signal ?? `code ${code}`})`);
      for (const waiter of waiters.values()) {
        waiter.reject(failure);
      }
      waiters.clear();
    });
    this.child = child;
    return child;
  }
}
