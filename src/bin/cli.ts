import { parseArgs, ParseArgsConfig } from 'node:util';
import { oneLine } from '../database/backup/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends Options> {
  /** As typed after `npm run`, e.g. `db:backup`: it starts the line a failure prints. */
  name: string;
  /** What --help (-h, which every command takes) prints. */
  usage: string;
  options: O;
  allowPositionals?: boolean;
  /** Rewrites parseArgs's complaint before it is printed: a stray argument may be a URL with a password. */
  redact?: (message: string) => string;
}

/**
 * The plumbing of a command-line entry point: its arguments, --help, and failure as one line on
 * stderr (`db:backup: …`) with exit code 1, which is what scripts and operators look for.
 */
export function defineCommand<const O extends Options>(spec: CommandSpec<O>) {
  const fail = (message: string): never => {
    process.stderr.write(`${spec.name}: ${oneLine(message)}\n`);
    process.exit(1);
  };

  /** The arguments, or undefined once --help has printed the usage; a bad one fails, pointing at --help. */
  const parse = () => {
    const config = {
      options: { ...spec.options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: spec.allowPositionals ?? false,
    } as const;
    let parsed: ReturnType<typeof parseArgs<typeof config>>;
    try {
      parsed = parseArgs(config);
    } catch (error) {
      const message = oneLine(error);
      return fail(`${spec.redact ? spec.redact(message) : message} (see --help)`);
    }
    if ((parsed.values as { help?: boolean }).help) {
      process.stdout.write(`${spec.usage}\n`);
      return undefined;
    }
    return parsed;
  };

  /** Runs the command; whatever it throws is printed as one line, with exit code 1. */
  const run = (main: () => Promise<void>): void => {
    main().catch((error: unknown) => fail(oneLine(error)));
  };

  return { fail, parse, run };
}
