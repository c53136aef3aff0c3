// What every test:backup scenario works with, and the commands and servers they start.
import path from 'node:path';
import { AppServer } from '../lib/app-server';
import { machineMariadb } from '../lib/mariadb';
import { capture, Captured, ROOT } from '../lib/processes';
import { ScriptTest } from '../lib/script-test';

export interface Figures {
  seedSeconds?: number;
  longestPause?: number;
  backupSeconds?: number;
  backupBytes?: number;
  restoreSeconds?: number;
  writesChecked?: number;
  writesSent?: number;
  rows?: number;
  tables?: number;
  damaged?: string[];
  copySeconds?: number;
}

export interface BackupContext {
  test: ScriptTest;
  /** The temporary folder: archives, SQLite files, server logs. */
  work: string;
  figures: Figures;
}

/** The seed, compiled with the scripts. */
export const SEED = 'dist-tools/scripts/seed.js';

/** A throwaway database on the machine's MariaDB, dropped at cleanup. */
export async function createDatabase({ test }: BackupContext, role: string): Promise<string> {
  const name = `conduit_bk_${role}_${process.pid}`;
  await machineMariadb.createDatabase(name);
  test.cleanup.add(`drop ${name}`, () => machineMariadb.dropDatabase(name));
  return name;
}

/** A node script of ours (a path from the repository's root) as a child process, in the work folder. */
export function runScript(
  { work }: BackupContext,
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<Captured> {
  return capture(process.execPath, [path.join(ROOT, script), ...args], {
    cwd: work,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
  });
}

/** runScript that must exit 0 (a check, with its output printed when it does not). */
export async function mustRun(
  context: BackupContext,
  what: string,
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<Captured> {
  const result = await runScript(context, script, args, env);
  if (result.code !== 0) {
    console.log(result.stdout, result.stderr);
  }
  context.test.check(result.code === 0, `${what}: exit 0 in ${result.seconds.toFixed(1)} s`);
  return result;
}

/** The built server on `env`, logging to `<name>.log` in the work folder, stopped at cleanup too. */
export async function startServer(context: BackupContext, name: string, env: Record<string, string>) {
  const { test, work } = context;
  const server = new AppServer({ env, logFile: path.join(work, `${name}.log`), waitFor: test.waitFor });
  test.cleanup.add(`stop the server on ${name}`, () => server.stop());
  const baseUrl = await server.start();
  return { server, baseUrl };
}
