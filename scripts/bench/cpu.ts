// Where the CPU went during a scenario, from /proc: the server's processes and their children,
// MariaDB's, each in ms of user + system time.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat; 0 once it is gone. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return 0;
  }
}

export const cpuOf = (pids: number[]): number => pids.reduce((total, pid) => total + cpuMs(pid), 0);

/** The processes and their children (a server's password-hashing process), from /proc. */
export function withChildren(pids: number[]): number[] {
  return pids.flatMap((pid) => {
    try {
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
      return [pid, ...children.map(Number)];
    } catch {
      return [pid];
    }
  });
}

/**
 * Waits until `usedMs` (the server's and MariaDB's CPU so far) grows by under 10% of a core over half
 * a second, for at most `timeoutMs`: a scenario must not pay for its predecessor's tail, such as the
 * argon2 hashes still queued when a login flood's clients stop, or InnoDB's purge after the writes.
 * Answers false when they were still busy at the deadline.
 */
export async function settle(usedMs: () => number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = usedMs();
  while (Date.now() < deadline) {
    await sleep(500);
    const now = usedMs();
    // A drop means a process went away (a restarted worker): not idle, look again.
    if (now >= last && now - last < 50) {
      return true;
    }
    last = now;
  }
  return false;
}
