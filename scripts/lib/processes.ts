// Child processes for the scripts: a blocking run that fails with the command's output, an async run
// that captures it, detached servers stopped by their own PID, and a cleanup registry that undoes
// what a script created (processes, folders, networks) in reverse order, also on a signal.
import { ChildProcess, spawn, spawnSync, StdioOptions } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const up = path.resolve(__dirname, '../..');
/** The repository's root folder: this file is in scripts/lib/, compiled to dist-tools/scripts/lib/. */
export const ROOT = path.basename(up) === 'dist-tools' ? path.dirname(up) : up;

/** A child's environment: this process's, with `env` over it. */
export const childEnv = (env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  ...env,
});

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** Runs a command to its end; throws with its output when it exits non-zero. Answers its stdout. */
export function run(command: string, args: string[], { env = {}, cwd = ROOT }: RunOptions = {}): string {
  const result = spawnSync(command, args, { cwd, env: childEnv(env), encoding: 'utf8' });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() || result.error?.message;
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${output}`);
  }
  return result.stdout;
}

export interface Captured {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a command without blocking this process: its exit code, output and duration. */
export function capture(command: string, args: string[], { env = {}, cwd = ROOT }: RunOptions = {}): Promise<Captured> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

/** The typeorm CLI's `migration:run` on the built data source, for a database given by DB_* settings. */
export function migrate(env: Record<string, string>): void {
  run(process.execPath, ['node_modules/typeorm/cli.js', 'migration:run', '-d', 'dist/database/data-source.js'], {
    env,
  });
}

/** Builds the server (dist/) when a script is run without its npm script, which builds first. */
export function buildIfMissing(): void {
  if (!existsSync(path.join(ROOT, 'dist/main.js'))) {
    run('npm', ['run', 'build']);
  }
}

export const alive = (child: ChildProcess | undefined): boolean =>
  child?.pid !== undefined && child.exitCode === null && child.signalCode === null;

export interface StartOptions extends RunOptions {
  /** Where its stdout and stderr go (appended); nowhere without one. */
  logFile?: string;
  /** Instead of `logFile`. */
  stdio?: StdioOptions;
}

/**
 * A server as a child in its own process group, unref'd: this process may exit without waiting for
 * it, so whoever starts it must stop it (see Cleanup).
 */
export function startDetached(
  command: string,
  args: string[],
  { env = {}, cwd = ROOT, logFile, stdio }: StartOptions = {},
): ChildProcess {
  const out = logFile ? openSync(logFile, 'a') : 'ignore';
  const child = spawn(command, args, {
    cwd,
    env: childEnv(env),
    stdio: stdio ?? ['ignore', out, out],
    detached: true,
  });
  if (typeof out === 'number') {
    closeSync(out);
  }
  child.unref();
  child.on('error', () => undefined);
  return child;
}

export interface StopOptions {
  signal?: NodeJS.Signals;
  /** How long it may take to exit before it is SIGKILLed. */
  graceMs?: number;
  /** SIGKILL its whole process group (a detached child and whatever it started, e.g. nginx's workers). */
  group?: boolean;
}

/** Stops a child by its PID: `signal`, then SIGKILL after `graceMs`. Answers once it has exited. */
export async function stopProcess(
  child: ChildProcess | undefined,
  { signal = 'SIGTERM', graceMs = 8000, group = false }: StopOptions = {},
): Promise<void> {
  if (!child || !alive(child)) {
    return;
  }
  const pid = child.pid!;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const inTime = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!inTime && alive(child)) {
    try {
      process.kill(group ? -pid : pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await Promise.race([exited, sleep(2000)]);
  }
}

/** SIGKILLs a child and waits for its exit; throws if it is still there 10 s later. */
export async function killProcess(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid!, 'SIGKILL');
  await Promise.race([exited, sleep(10000)]);
  if (alive(child)) {
    throw new Error(`pid ${child.pid} still running 10 s after SIGKILL`);
  }
}

interface Step {
  name: string;
  undo: () => unknown;
}

/**
 * What a script must undo, registered as it is created: `run()` undoes it in reverse order (the last
 * thing started is stopped first), each step once, logging a step that fails and going on. Calling
 * `run()` again (e.g. once on a signal, once when the script has unwound) undoes only what was added
 * in between; the calls run one after another.
 */
export class Cleanup {
  private readonly steps: Step[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly log: (message: string) => void = console.log) {}

  add(name: string, undo: () => unknown): void {
    this.steps.push({ name, undo });
  }

  /** A fresh temporary folder, deleted by the cleanup. */
  tempDir(prefix: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    this.add(`delete ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  run(): Promise<void> {
    this.chain = this.chain.then(async () => {
      for (let step = this.steps.pop(); step; step = this.steps.pop()) {
        try {
          await step.undo();
        } catch (error) {
          this.log(`${step.name}: ${(error as Error).message}`);
        }
      }
    });
    return this.chain;
  }
}
