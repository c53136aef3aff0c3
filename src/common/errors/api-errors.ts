/**
 * The errors a request can end in, by kind. Services and guards throw these; only the global filter
 * (HttpErrorFilter) turns them into a status and an `{errors: {<key>: [...]}}` body, so the wording
 * of every message lives in one place.
 */

/** What a 403 or 404 is about: the key of its messages. */
export type Resource = 'article' | 'comment' | 'profile' | 'user';

/** Messages per field (or per envelope, e.g. `user`), as the response body lists them. */
export type FieldErrors = Record<string, string[]>;

/**
 * Why a request's token was refused. `user-gone`: the signature is valid but the user was deleted;
 * the guard cannot know (it never reads the database), so the write that finds the user missing says so.
 */
export type TokenProblem = 'missing' | 'malformed' | 'invalid' | 'expired' | 'user-gone';

/** No such article, comment, profile or user: a 404. */
export class NotFoundError extends Error {
  constructor(readonly resource: Resource) {
    super(`${resource} not found`);
  }
}

/** The resource exists but belongs to someone else: a 403. */
export class ForbiddenError extends Error {
  constructor(readonly resource: Resource) {
    super(`${resource} forbidden`);
  }
}

/** A unique value (email, username, slug) belongs to another row: a 409 naming each field. */
export class AlreadyTakenError extends Error {
  constructor(readonly fields: readonly string[]) {
    super(`${fields.join(', ')} already taken`);
  }
}

/** The email or password of a login is wrong (the same error either way): a 401. */
export class InvalidCredentialsError extends Error {
  constructor() {
    super('invalid credentials');
  }
}

/** The request carries no usable token, or one that names a user who is gone: a 401. */
export class TokenError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(`token ${problem}`);
  }
}

/** Input that fails validation or a rule, with messages per field: a 422. */
export class InvalidInputError extends Error {
  constructor(readonly fields: FieldErrors) {
    super(`invalid input: ${Object.keys(fields).join(', ')}`);
  }
}

/** An update envelope (`user`, `article`) whose fields were all absent: a 422. */
export class NothingToUpdateError extends Error {
  constructor(readonly envelope: 'user' | 'article') {
    super(`${envelope}: nothing to update`);
  }
}

/** A user tried to follow themselves: a 422 on `username`. */
export class SelfFollowError extends Error {
  constructor() {
    super('cannot follow yourself');
  }
}

/** Too many sign-ins are waiting for password hashing: a 503 with Retry-After. */
export class HashingOverloadedError extends Error {
  constructor() {
    super('password hashing overloaded');
  }
}
