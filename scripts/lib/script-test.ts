// What the scripted tests (test:pm2, test:hosts, test:replication, test:backup, test:realworld)
// share: a log line tagged with the test's name, a check that fails the test with its message, a poll
// with a deadline, and a run that cleans up whatever the test created, also on SIGINT/SIGTERM.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Cleanup } from './processes';

/** Polls `probe` every 100 ms until it answers truthy; throws with its last error after `timeoutMs`. */
export type WaitFor = (what: string, probe: () => unknown, timeoutMs?: number) => Promise<void>;

export interface ShowOptions {
  lines?: number;
  /** How the file is named in the heading. */
  label?: string;
  /** Which lines to show. */
  keep?: (line: string) => boolean;
}

export class ScriptTest {
  /** Set on SIGINT/SIGTERM (or the watchdog): waits end at once and nothing new is started. */
  stopping = false;
  failed = false;
  /** Set on SIGINT/SIGTERM: no log tails then, the user asked to stop. */
  signalled = false;
  /** The exit status an interruption asks for. */
  exitCode: number | undefined;
  readonly cleanup = new Cleanup((message) => this.log(message));
  readonly started = Date.now();

  /** @param name the tag of every line, e.g. `test:pm2` */
  constructor(readonly name: string) {}

  readonly log = (message: string): void => console.log(`[${this.name}] ${message}`);

  readonly check = (condition: unknown, message: string): void => {
    if (!condition) {
      throw new Error(`FAILED: ${message}`);
    }
    this.log(`ok - ${message}`);
  };

  readonly waitFor: WaitFor = async (what, probe, timeoutMs = 30000) => {
    const deadline = Date.now() + timeoutMs;
    let lastError: Error | undefined;
    while (Date.now() < deadline) {
      this.refuseIfStopping(`waiting for ${what}`);
      try {
        if (await probe()) {
          return;
        }
        lastError = undefined;
      } catch (error) {
        lastError = error as Error;
      }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
  };

  /** Throws once the test is stopping: call before starting or creating anything. */
  refuseIfStopping(what: string): void {
    if (this.stopping) {
      throw new Error(`stopped ${what}: the test is stopping`);
    }
  }

  /**
   * When the test fails (not on a signal), prints the end of `file` at cleanup, after everything
   * registered later has been stopped, so a server's shutdown lines are in it too.
   */
  showOnFailure(file: string, { lines = 30, label = file, keep }: ShowOptions = {}): void {
    this.cleanup.add(`show ${label}`, () => {
      if (this.failed && !this.signalled && existsSync(file)) {
        this.log(`--- ${label} (tail)`);
        const all = readFileSync(file, 'utf8').split('\n');
        console.log((keep ? all.filter(keep) : all).slice(-lines).join('\n'));
      }
    });
  }

  /** Stops the test from outside (a signal, a watchdog): cleans up now, exits within 30 s. */
  interrupt(reason: string, code: number): void {
    if (this.stopping) {
      return;
    }
    this.log(`${reason}: stopping and cleaning up`);
    this.stopping = true;
    this.failed = true;
    this.exitCode = code;
    const cleanedUp = this.cleanup.run();
    // The test normally unwinds within seconds (every wait checks `stopping`); should it not, leave anyway.
    setTimeout(() => void cleanedUp.finally(() => process.exit(code)), 30000);
  }
}

export interface RunOptions {
  /** Interrupts a test that is still running after this long. */
  watchdogMs?: number;
  /** Runs after the cleanup, before the final line: figures, checks of what was left behind. */
  report?: () => void;
}

/**
 * Runs a scripted test to its end and exits: `main`, then the cleanup (also when `main` failed), the
 * report and a `passed`/`FAILED` line. SIGINT and SIGTERM clean up at once and exit 130/143.
 */
export function runScriptTest(
  test: ScriptTest,
  main: () => Promise<void>,
  { watchdogMs, report }: RunOptions = {},
): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      test.signalled = true;
      test.interrupt(signal, code);
    });
  }
  // Not unref'd: it keeps the event loop alive, so main() is never dropped unsettled (the children
  // and sockets it waits on may be unref'd), which would skip the cleanup. The end calls exit.
  const watchdog = watchdogMs
    ? setTimeout(() => test.interrupt(`still running after ${watchdogMs / 1000} s`, 1), watchdogMs)
    : undefined;
  const finish = async (): Promise<void> => {
    try {
      await main();
    } catch (error) {
      test.failed = true;
      const { message, stack } = error as Error;
      console.error(test.stopping ? `[${test.name}] interrupted: ${message}` : `[${test.name}] ${stack ?? message}`);
    } finally {
      await test.cleanup.run();
    }
    clearTimeout(watchdog);
    report?.();
    const seconds = ((Date.now() - test.started) / 1000).toFixed(0);
    console.log(`[${test.name}] ${test.failed ? 'FAILED' : 'passed'} in ${seconds} s`);
    process.exit(test.exitCode ?? (test.failed ? 1 : 0));
  };
  void finish();
}
