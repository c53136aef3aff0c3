import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Request, Response } from 'express';
import { storage } from 'nestjs-pino/storage';
import { QueryFailedError } from 'typeorm';
import { createRootLogger, requestLoggerMiddleware } from './loggers';

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
    ['a request-scoped child', (root: ReturnType<typeof createRootLogger>) => root.child({ requestId: 'r1' })],
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

describe('request logger middleware', () => {
  /** A server whose every request goes through the middleware, then `handle`. */
  async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void) {
    const { lines, stream } = capture();
    const root = createRootLogger({ logLevel: 'info' }, stream);
    const middleware = requestLoggerMiddleware(root);
    const server = createServer((req, res) =>
      middleware(req as Request, res as Response, () => {
        handle(req, res);
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      lines,
      root,
      url: `http://127.0.0.1:${port}`,
      close: () => {
        server.closeAllConnections();
        return new Promise((done) => server.close(done));
      },
    };
  }

  /** Lets the response's 'close' listeners and the stream's write run. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('should write one line per response at a level that follows the status, with the id it echoes', async () => {
    const statuses: Record<string, number> = { '/ok': 200, '/missing': 404, '/broken': 503 };
    const app = await serve((req, res) => {
      res.statusCode = statuses[req.url ?? ''] ?? 200;
      res.end('{}');
    });
    try {
      const ok = await fetch(`${app.url}/ok`, { headers: { 'x-request-id': 'req-1' } });
      await fetch(`${app.url}/missing`);
      await fetch(`${app.url}/broken`);
      await fetch(`${app.url}/health/live`);
      await settle();

      expect(ok.headers.get('x-request-id')).toBe('req-1');
      expect(app.lines.map((line) => [line.level, line.msg, (line.res as { statusCode: number }).statusCode])).toEqual([
        [30, 'GET unmatched 200', 200],
        [40, 'GET unmatched 404', 404],
        [50, 'GET unmatched 503', 503],
      ]);
      expect(app.lines[0]).toEqual(
        expect.objectContaining({
          requestId: 'req-1',
          req: { method: 'GET', url: '/ok' },
          durationMs: expect.any(Number),
        }),
      );
    } finally {
      await app.close();
    }
  });

  it('should log a request the client abandoned before the answer as aborted', async () => {
    let answer: (() => void) | undefined;
    const app = await serve((_req, res) => {
      answer = () => res.end('late');
    });
    try {
      const controller = new AbortController();
      const request = fetch(`${app.url}/slow`, { signal: controller.signal }).catch(() => undefined);
      await settle();
      controller.abort();
      await request;
      await settle();
      answer?.();

      expect(app.lines).toEqual([
        expect.objectContaining({
          level: 40,
          aborted: true,
          msg: 'GET unmatched closed before the response was complete',
        }),
      ]);
    } finally {
      await app.close();
    }
  });

  it('should bind the request id to what is logged while serving the request, and only then', async () => {
    const app = await serve((_req, res) => {
      storage.getStore()?.logger.info('inside');
      res.end();
    });
    try {
      await fetch(`${app.url}/x`, { headers: { 'x-request-id': 'req-2' } });
      app.root.info('outside');
      await settle();

      expect(app.lines.find((line) => line.msg === 'inside')).toEqual(expect.objectContaining({ requestId: 'req-2' }));
      expect(app.lines.find((line) => line.msg === 'outside')).not.toHaveProperty('requestId');
    } finally {
      await app.close();
    }
  });
});
