import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A build another spec file started is finished well within this; older, its lock is left over. */
const STALE_LOCK_MS = 10 * 60_000;
const LOCK = join(
  tmpdir(),
  `conduit-build-${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 12)}.lock`,
);

/**
 * Builds dist/ when it is older than the sources, as `npm start` does: the command specs run the
 * compiled entry points, as operators do. Spec files run in parallel, and two Nest builds into one
 * dist/ break each other, so a lock directory lets one build at a time. Long on this machine, so
 * give its hook a timeout.
 */
export async function buildIfNeeded(): Promise<void> {
  while (!tryLock()) {
    await sleep(250);
  }
  try {
    const build = spawnSync(process.execPath, ['scripts/build-if-needed.mjs'], { encoding: 'utf8' });
    if (build.status !== 0) {
      throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
    const since = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (Date.now() - since > STALE_LOCK_MS) {
      rmSync(LOCK, { recursive: true, force: true });
    }
    return false;
  }
}

export interface CommandOptions {
  /** Variables to set (undefined: unset) over the test's own environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** Runs the built command `dist/bin/<script>` with these arguments, to its end. */
export function runBuilt(script: string, args: string[], options: CommandOptions = {}): SpawnSyncReturns<string> {
  const env = Object.fromEntries(
    Object.entries({ ...process.env, ...options.env }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  return spawnSync(process.execPath, [join(process.cwd(), 'dist/bin', script), ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    env,
  });
}
