/** Why a copy was refused or failed, in one line for the operator. */
export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyError';
  }
}

/** The first line of a message, without a driver's `SqliteError: ` in front. */
export const firstLine = (text: string): string => text.split('\n')[0].replace(/^\w*Error: /, '');

/** An error's message as one line. */
export const errorLine = (error: unknown): string => firstLine(error instanceof Error ? error.message : String(error));
