import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MysqlConnection } from './connection';
import { BackupError, oneLine } from './errors';

export const DUMP_PROGRAMS = ['mariadb-dump', 'mysqldump'];
export const CLIENT_PROGRAMS = ['mariadb', 'mysql'];

/**
 * One consistent snapshot (a REPEATABLE READ transaction, no table locks, so the server keeps
 * writing), in utf8mb4, rows in primary-key order (the digest's order), each INSERT naming its
 * columns; triggers but no routines (the schema has none of either; migrations own the schema).
 */
export const DUMP_OPTIONS = [
  '--single-transaction',
  '--skip-lock-tables',
  '--no-tablespaces',
  '--default-character-set=utf8mb4',
  '--routines=false',
  '--triggers',
  '--order-by-primary',
  '--complete-insert',
];

export const CLIENT_OPTIONS = ['--default-character-set=utf8mb4'];

/** The first program of `candidates` found on `env.PATH`, as a full path. */
export function findProgram(candidates: string[], env: NodeJS.ProcessEnv): string {
  const directories = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of candidates) {
    for (const directory of directories) {
      const path = join(directory, name);
      if (isExecutableFile(path)) {
        return path;
      }
    }
  }
  throw new BackupError(
    `neither ${candidates.join(' nor ')} is on the PATH: install the MariaDB or MySQL client programs`,
  );
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * How every client program connects: option files ignored (`--no-defaults` must come first: a
 * system my.cnf may point at another server or socket), TCP to the configured host and port, the
 * configured user. The password goes through MYSQL_PWD, never the command line.
 */
export const connectionArguments = (connection: MysqlConnection): string[] => [
  '--no-defaults',
  '--protocol=tcp',
  '-h',
  connection.host,
  '-P',
  String(connection.port),
  '-u',
  connection.user,
];

export interface ProgramRun {
  program: string;
  args: string[];
  connection: MysqlConnection;
  env: NodeJS.ProcessEnv;
  /** Piped into the program's stdin. */
  input?: Readable;
  /** The program's stdout goes through these streams (the last one a sink). */
  output?: [...(Readable | Writable)[], Writable];
}

/**
 * Runs a client program with the connection's arguments and password, streaming `input` into it
 * and its output through `output`. A program that fails rejects with its name, exit status and the
 * first line of its stderr; an error of our own streams (a dump that does not parse, a damaged
 * archive) wins over the broken pipe it causes.
 */
export async function runProgram(run: ProgramRun): Promise<void> {
  const child = spawn(run.program, [...connectionArguments(run.connection), ...run.args], {
    env: { ...run.env, MYSQL_PWD: run.connection.password },
    stdio: [run.input ? 'pipe' : 'ignore', run.output ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    stderr = (stderr + text).slice(0, 64 * 1024);
  });
  const exited = new Promise<number | string>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const streams: Promise<void>[] = [];
  if (run.input) {
    streams.push(pipeline(run.input, child.stdin!));
  }
  if (run.output) {
    streams.push(pipeline([child.stdout!, ...run.output]));
  }
  const piped = Promise.all(streams).catch((error: unknown) => {
    if (!isBrokenPipe(error)) {
      child.kill('SIGKILL');
    }
    throw error;
  });
  const [pipes, exit] = await Promise.allSettled([piped, exited]);
  if (pipes.status === 'rejected' && !isBrokenPipe(pipes.reason)) {
    throw pipes.reason;
  }
  if (exit.status === 'rejected') {
    throw new BackupError(`${basename(run.program)} could not start: ${oneLine(exit.reason)}`);
  }
  if (exit.value !== 0) {
    const message =
      stderr
        .trim()
        .split('\n')
        .find((line) => line.trim()) ?? 'no message';
    throw new BackupError(`${basename(run.program)} failed (exit ${exit.value}): ${message.trim()}`);
  }
  if (pipes.status === 'rejected') {
    throw pipes.reason;
  }
}

function isBrokenPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}
