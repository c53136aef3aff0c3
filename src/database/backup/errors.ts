/**
 * A refusal or a failure of db:backup / db:restore that the command prints as one line on stderr
 * (exit code 1): a damaged archive, a manifest that does not match its data, a target that is not
 * empty. Any other error is a bug or an environment problem and is printed the same way.
 */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** An error's message as one line: the first line of it, trimmed. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split('\n')[0].trim();
}

/** The archive file itself is unusable: unreadable, not gzip, or its gzip or tar stream breaks. */
export class ArchiveError extends BackupError {}
