import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { createHttpLogger, createRootLogger } from './loggers';

/** A destination that keeps the JSON lines written to it. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line)),
      );
      done();
    },
  });
  return { lines, stream };
}

describe('log serializers', () => {
  const queryError = () =>
    new QueryFailedError('INSERT INTO users VALUES (?, ?)', ['someone@example.com', '$argon2id$v=19$secret'], {
      code: 'ER_DUP_ENTRY',
      message: 'Duplicate entry',
    } as unknown as Error);

  it.each([
    ['the root logger', (root: ReturnType<typeof createRootLogger>) => root],
    [
      'the request logger (pino-http wraps its serializers)',
      (root: ReturnType<typeof createRootLogger>) => createHttpLogger(root).logger,
    ],
  ])('should write an error as type, message, code and stack only, through %s', (_name, loggerOf) => {
    const { lines, stream } = capture();
    const logger = loggerOf(createRootLogger({ logLevel: 'info' }, stream));

    logger.error({ err: queryError() }, 'failed');

    expect(lines).toHaveLength(1);
    expect(lines[0].err).toEqual({
      type: 'QueryFailedError',
      message: 'Duplicate entry',
      code: 'ER_DUP_ENTRY',
      stack: expect.stringContaining('QueryFailedError'),
    });
    expect(JSON.stringify(lines[0])).not.toContain('someone@example.com');
    expect(JSON.stringify(lines[0])).not.toContain('argon2');
  });
});
