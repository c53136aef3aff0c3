// The built server under PM2 in cluster mode, with a PM2_HOME of its own: started with the shipped
// ecosystem.config.js, inspected through `pm2 jlist`, killed with `pm2 kill`.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { childEnv, run, ROOT } from '../lib/processes';

const pm2Bin = path.join(ROOT, 'node_modules/pm2/bin/pm2');
const execFileAsync = promisify(execFile);

export interface Worker {
  id: number;
  pid: number;
  status: string;
  restarts: number;
}

interface JlistEntry {
  name: string;
  pm_id: number;
  pid: number;
  pm2_env: { status: string; restart_time: number };
}

export class Pm2Cluster {
  /**
   * @param app the PM2 app name (PM2_APP_NAME)
   * @param env PM2_HOME, the PM2_* settings of ecosystem.config.js and the server's settings
   */
  constructor(
    readonly app: string,
    readonly env: Record<string, string>,
  ) {}

  /** A pm2 command, blocking: answers its stdout. */
  pm2(...args: string[]): string {
    return run(process.execPath, [pm2Bin, ...args], { env: this.env });
  }

  /**
   * A pm2 command without blocking this process: for a command that runs while load is on. A reload
   * takes seconds, and clients frozen that long would neither send a request during it nor read the
   * answers and the closed keep-alive connections it leaves, as no real client would.
   */
  async pm2Async(...args: string[]): Promise<void> {
    await execFileAsync(process.execPath, [pm2Bin, ...args], { cwd: ROOT, env: childEnv(this.env) });
  }

  start(): void {
    this.pm2('start', 'ecosystem.config.js', '--env', 'production');
  }

  reload(): Promise<void> {
    return this.pm2Async('reload', this.app);
  }

  workers(): Worker[] {
    const list = JSON.parse(this.pm2('jlist')) as JlistEntry[];
    return list
      .filter((proc) => proc.name === this.app)
      .map((proc) => ({
        id: proc.pm_id,
        pid: proc.pid,
        status: proc.pm2_env.status,
        restarts: proc.pm2_env.restart_time,
      }));
  }

  /** Stops the daemon and every worker; never throws. */
  kill(): void {
    try {
      this.pm2('kill');
    } catch {
      // nothing was running
    }
  }
}
