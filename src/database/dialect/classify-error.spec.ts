import { QueryFailedError } from 'typeorm';
import { classifyError, DatabaseErrorKind, isDatabaseError } from './classify-error';

/** A statement's failure as TypeORM throws it: the driver's error inside a QueryFailedError. */
const failed = (driverError: object) =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error('driver message'), driverError));

describe('classifyError', () => {
  it.each<[string, DatabaseErrorKind]>([
    ['ER_DUP_ENTRY', 'unique'],
    ['SQLITE_CONSTRAINT_UNIQUE', 'unique'],
    ['SQLITE_CONSTRAINT_PRIMARYKEY', 'unique'],
    ['ER_NO_REFERENCED_ROW_2', 'foreign-key'],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', 'foreign-key'],
    ['ER_LOCK_DEADLOCK', 'deadlock'],
    ['ER_LOCK_WAIT_TIMEOUT', 'deadlock'],
  ])('should classify a statement failing with %s as %s', (code, kind) => {
    expect(classifyError(failed({ code }))?.kind).toBe(kind);
  });

  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENOTFOUND',
    'PROTOCOL_CONNECTION_LOST',
    'POOL_CLOSED',
    'ER_CON_COUNT_ERROR',
    'SQLITE_BUSY',
  ])('should classify %s as unavailable, inside a QueryFailedError or thrown bare', (code) => {
    expect(classifyError(failed({ code }))?.kind).toBe('unavailable');
    expect(classifyError(Object.assign(new Error(`connect ${code}`), { code }))?.kind).toBe('unavailable');
  });

  it.each<[number, DatabaseErrorKind]>([
    [1062, 'unique'],
    [1452, 'foreign-key'],
    [1213, 'deadlock'],
  ])('should classify MySQL error number %d without a code as %s', (errno, kind) => {
    expect(classifyError(failed({ errno }))?.kind).toBe(kind);
  });

  it("should give mysql2's sqlMessage as the detail, naming the key", () => {
    const duplicate = failed({ code: 'ER_DUP_ENTRY', sqlMessage: "Duplicate entry 'a@b.c' for key 'UQ_users_email'" });

    expect(classifyError(duplicate)).toEqual({
      kind: 'unique',
      detail: "Duplicate entry 'a@b.c' for key 'UQ_users_email'",
    });
  });

  it("should give the driver's message as the detail when there is no sqlMessage", () => {
    const duplicate = failed({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: users.email' });

    expect(classifyError(duplicate)?.detail).toBe('UNIQUE constraint failed: users.email');
  });

  it.each<[string, unknown]>([
    ['another driver code', failed({ code: 'ER_PARSE_ERROR' })],
    ['an error without a code', new Error('boom')],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
    ['undefined', undefined],
  ])('should answer undefined for %s', (_what, error) => {
    expect(classifyError(error)).toBeUndefined();
  });
});

describe('isDatabaseError', () => {
  it('should be true only for the kind the error is', () => {
    const violation = failed({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });

    expect(isDatabaseError(violation, 'foreign-key')).toBe(true);
    expect(isDatabaseError(violation, 'unique')).toBe(false);
    expect(isDatabaseError(new Error('boom'), 'foreign-key')).toBe(false);
  });
});
