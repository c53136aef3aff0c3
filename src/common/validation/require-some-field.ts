import { NothingToUpdateError } from '../errors/api-errors';

/**
 * An update must change something. Validation already refuses an empty object, but one holding only
 * fields the client may not set (stripped by the whitelist) arrives here empty: that is a 422 too.
 */
export function requireSomeField<T extends object>(
  envelope: NothingToUpdateError['envelope'],
  input: T,
  fields: readonly (keyof T)[],
): void {
  if (fields.every((field) => input[field] === undefined)) {
    throw new NothingToUpdateError(envelope);
  }
}
