import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { HashingOperation, HashingOutcome } from './hashing-policy';

/** Plain JavaScript, so the same file runs in the tests (from src/) and in production (nest-cli.json copies it). */
const WORKER = join(__dirname, 'hashing-process.worker.js');

/** How to start a hashing process: the command prefix that schedules it (chrt), hashes at once, and its nice value. */
export interface HashingProcessSpec {
  prefix: readonly string[];
  concurrency: number;
  /** Lower the process's priority to nice 19 before it first hashes; otherwise keep the server's. */
  lowestNice: boolean;
}

/** What the rest of the hasher needs of a hashing process (the specs put a fake in its place). */
export interface HashingWorker {
  readonly alive: boolean;
  request(id: number, operation: HashingOperation, args: unknown[], expiresAt: number): Promise<unknown>;
  cancel(id: number): void;
  close(): Promise<void>;
}

/** A request the process gave no result for, and why. */
export class HashingProcessError extends Error {
  constructor(
    readonly outcome: Exclude<HashingOutcome, 'hashed'>,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `expired`: not begun, its caller's deadline having passed; `cancelled`: not begun, its caller
 * answered by the fallback process already.
 */
type Answer = { id: number; result?: unknown; error?: string; expired?: boolean; cancelled?: boolean };
type Pending = { resolve: (result: unknown) => void; reject: (error: HashingProcessError) => void };

/**
 * One password-hashing process (hashing-process.worker.js) and its IPC: requests by id, answers in
 * any order. When the process dies or cannot be started, every request it holds fails as `lost`.
 */
export class HashingProcess implements HashingWorker {
  private readonly pending = new Map<number, Pending>();
  private lost = false;

  /** Nothing of the server's: no inspector or profiler flags, no secrets in its environment. */
  static start({ prefix, concurrency, lowestNice }: HashingProcessSpec): HashingProcess {
    const [command, ...args] = [...prefix, process.execPath, WORKER];
    const child = spawn(command, args, {
      env: { UV_THREADPOOL_SIZE: String(concurrency), HASH_NICE: lowestNice ? 'lowest' : 'keep' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new HashingProcess(child);
  }

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (answer: Answer) => this.answer(answer));
    child.once('exit', (code, signal) => {
      this.fail(`the password-hashing process exited (${signal ?? `code ${code}`})`);
    });
    // It could not be started or signalled, or its channel broke (EPIPE): its requests fail, and
    // the next request starts another process.
    child.on('error', (error) => {
      this.fail(`the password-hashing process failed: ${error.message}`);
      if (this.running) {
        child.kill('SIGKILL');
      }
    });
  }

  get alive(): boolean {
    return !this.lost && this.child.connected;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  request(id: number, operation: HashingOperation, args: unknown[], expiresAt: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // A process that has just died fails the send (its exit then fails the rest).
      this.child.send({ id, operation, args, expiresAt }, (error) => {
        if (error && this.pending.delete(id)) {
          reject(new HashingProcessError('lost', error.message));
        }
      });
    });
  }

  /** The process drops the request unless it has begun it. */
  cancel(id: number): void {
    if (this.child.connected) {
      this.child.send({ cancel: id }, () => undefined);
    }
  }

  /**
   * Closes the channel, upon which the process exits, failing what it still holds (the hasher waits
   * for its requests first); kills it if it has not exited within `killAfterMs` (a process under
   * SCHED_IDLE may get no CPU to exit with).
   */
  async close(killAfterMs = 2_000): Promise<void> {
    if (!this.running) {
      return;
    }
    const exited = once(this.child, 'exit');
    if (this.child.connected) {
      this.child.disconnect();
    }
    const kill = setTimeout(() => this.child.kill('SIGKILL'), killAfterMs);
    try {
      await exited;
    } catch {
      // An 'error' event (a failed kill): its requests have failed already.
    } finally {
      clearTimeout(kill);
    }
  }

  private get running(): boolean {
    return this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private answer({ id, result, error, expired, cancelled }: Answer): void {
    const pending = this.pending.get(id);
    if (!pending) {
      return;
    }
    this.pending.delete(id);
    if (error === undefined) {
      pending.resolve(result);
    } else if (expired || cancelled) {
      pending.reject(new HashingProcessError(expired ? 'expired' : 'cancelled', error));
    } else {
      pending.reject(new HashingProcessError('failed', `password hashing failed: ${error}`));
    }
  }

  private fail(message: string): void {
    this.lost = true;
    for (const { reject } of this.pending.values()) {
      reject(new HashingProcessError('lost', message));
    }
    this.pending.clear();
  }
}
