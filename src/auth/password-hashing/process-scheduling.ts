import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { PasswordHashPriority } from '../password-hash-priority';

/** How a hashing process is scheduled: what PASSWORD_HASH_PRIORITY asked for, as far as this host allows it. */
export interface ProcessScheduling {
  name: 'SCHED_IDLE' | 'nice 19' | 'normal';
  /** The command prefix that starts a program so scheduled (chrt's), or none. */
  prefix: readonly string[];
}

export const NORMAL_SCHEDULING: ProcessScheduling = { name: 'normal', prefix: [] };

const run = promisify(execFile);

/**
 * The command prefix that starts a program under Linux's SCHED_IDLE policy (util-linux's chrt, looked
 * up in `searchPath`), or null where that does not work (another OS, no chrt, BusyBox's chrt, a kernel
 * or sandbox that refuses): tried on a `node --version`. Under SCHED_IDLE the process runs only on a
 * core nothing else wants, and a woken request thread preempts it at once; a nice value alone (which
 * the worker also sets) still lets a hash finish its time slice, a few milliseconds, first.
 */
export async function idleSchedulingCommand(
  searchPath: string,
  platform: NodeJS.Platform = process.platform,
): Promise<string[] | null> {
  if (platform !== 'linux') {
    return null;
  }
  // Only absolute directories: an empty or relative entry would pick up a chrt from the working directory.
  for (const dir of searchPath.split(delimiter).filter((entry) => isAbsolute(entry))) {
    const chrt = join(dir, 'chrt');
    if (await isExecutable(chrt)) {
      const command = [chrt, '--idle', '0'];
      try {
        await run(chrt, [...command.slice(1), process.execPath, '--version'], { timeout: 10_000 });
        return command;
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** `idle`: SCHED_IDLE and nice 19, or nice 19 alone where SCHED_IDLE is not to be had; `low`: nice 19; `normal`: the server's. */
export async function schedulingFor(priority: PasswordHashPriority, searchPath: string): Promise<ProcessScheduling> {
  switch (priority) {
    case 'idle': {
      const prefix = await idleSchedulingCommand(searchPath);
      return prefix ? { name: 'SCHED_IDLE', prefix } : { name: 'nice 19', prefix: [] };
    }
    case 'low':
      return { name: 'nice 19', prefix: [] };
    case 'normal':
      return NORMAL_SCHEDULING;
  }
}

/**
 * Hashes at once when PASSWORD_HASH_CONCURRENCY is unset: one per PM2 cluster worker (the workers
 * already share the cores); else every core under SCHED_IDLE, which only takes idle time, and one
 * core fewer without it, so a login flood leaves the event loop a core.
 */
export function defaultConcurrency(
  underIdleScheduling: boolean,
  clusterWorker: boolean,
  cores: number = availableParallelism(),
): number {
  if (clusterWorker) {
    return 1;
  }
  const usable = Math.min(64, cores);
  return underIdleScheduling ? usable : Math.max(1, usable - 1);
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
