import { CopyError, errorLine, firstLine } from './copy-error';

describe('firstLine and errorLine', () => {
  it("should give a message's first line without a driver's error name in front", () => {
    expect(firstLine('SqliteError: FOREIGN KEY constraint failed\n    at Statement.run')).toBe(
      'FOREIGN KEY constraint failed',
    );
    expect(firstLine('Error: Access denied for user')).toBe('Access denied for user');
    expect(firstLine('no name here: kept')).toBe('no name here: kept');
  });

  it('should take errors and anything else thrown', () => {
    expect(errorLine(new Error('QueryFailedError: Duplicate entry\nsql: INSERT …'))).toBe('Duplicate entry');
    expect(errorLine('just text')).toBe('just text');
  });
});

describe(CopyError.name, () => {
  it('should carry its name for the command to print', () => {
    expect(new CopyError('source and target are the same database')).toMatchObject({
      name: 'CopyError',
      message: 'source and target are the same database',
    });
  });
});
