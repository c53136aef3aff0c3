import { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { RequestHandler } from 'express';
import pino, { DestinationStream, Logger } from 'pino';
import { Store, storage } from 'nestjs-pino/storage';
import pretty from 'pino-pretty';
import { AppConfig } from '../config/app.config';
import { isUnderPm2 } from '../lifecycle/pm2';
import { requestIdOf } from './request-id';
import { routeOf } from './route';

/** Paths polled by machines every few seconds: served, measured, never logged per request. */
const UNLOGGED_PATHS = new Set(['/health/live', '/metrics']);
/** The field of a request's id in its log lines. */
const REQUEST_ID_KEY = 'requestId';

/**
 * Never written, whatever object reaches a log call: credentials travel in these fields. Request
 * lines are built from an allow-list (method, URL, status) and bodies are never logged, so this is the
 * second line of defence.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'password',
  'token',
  '*.password',
  '*.token',
  '*.authorization',
  'user.password',
  'user.token',
];

const MAX_LOGGED_URL = 2048;

type LoggedRequest = IncomingMessage & { originalUrl?: string };

/**
 * Where log lines go: pino-pretty's coloured lines in development; otherwise JSON to stdout, written
 * asynchronously so a slow pipe never blocks a request (pino flushes what is buffered at exit).
 * Under PM2 through `process.stdout` itself: PM2 replaces its `write` to append to the log files
 * without blocking, and output written straight to file descriptor 1 would never reach them.
 */
export function createLogDestination(config: Pick<AppConfig, 'logFormat'>): DestinationStream {
  if (config.logFormat === 'pretty') {
    return pretty({ translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', colorize: process.stdout.isTTY });
  }
  if (isUnderPm2()) {
    return new CoalescedStdout();
  }
  // Lines are gathered into 4 KiB writes (one write per line cost a fifth of a busy server's CPU),
  // and flushed at least every second so a quiet server's last lines are not held back.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => destination.flush(), 1000).unref();
  return destination;
}

/**
 * Under PM2, process.stdout.write is PM2's own function: every call appends to the log file and
 * sends the text to the PM2 daemon over IPC. One call per log line cost a PM2 worker a third of its
 * throughput; lines are gathered into calls of at least 4 KiB instead, flushed at least every 100 ms
 * and when the process exits.
 */
export class CoalescedStdout implements DestinationStream {
  private buffer: string[] = [];
  private size = 0;
  private readonly timer = setInterval(() => this.flush(), COALESCE_MS);

  constructor(
    private readonly out: Pick<NodeJS.WriteStream, 'write'> = process.stdout,
    private readonly minLength = 4096,
  ) {
    this.timer.unref();
    if (open.size === 0) {
      process.once('exit', flushLogs);
    }
    open.add(this);
  }

  write(line: string): void {
    this.buffer.push(line);
    this.size += line.length;
    if (this.size >= this.minLength) {
      this.flush();
    }
  }

  flush(): void {
    if (this.size > 0) {
      const text = this.buffer.join('');
      this.buffer = [];
      this.size = 0;
      this.out.write(text);
    }
  }
}

const COALESCE_MS = 100;
const open = new Set<CoalescedStdout>();

/** Writes out whatever log lines are still gathered: the last step before the process exits. */
export function flushLogs(): void {
  for (const stream of open) {
    stream.flush();
  }
}

/** The one pino logger of the process: Nest's own logs, request lines and request-scoped logs derive from it. */
export function createRootLogger(config: Pick<AppConfig, 'logLevel'>, destination: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    destination,
  );
}

/** pino's request-scoped logger for nestjs-pino's context, made only when a request logs something itself. */
class RequestStore implements Store {
  private child?: Logger;

  constructor(
    private readonly root: Logger,
    private readonly requestId: string,
  ) {}

  get logger(): Logger {
    return (this.child ??= this.root.child({ [REQUEST_ID_KEY]: this.requestId }));
  }

  /** nestjs-pino's `PinoLogger.assign()` replaces it with a child carrying more fields. */
  set logger(logger: Logger) {
    this.child = logger;
  }
}

/**
 * The request logger as Express middleware, mounted before everything else so body-parser
 * rejections (400, 413) are logged and carry an `X-Request-Id` too. It writes one line per
 * response: the request id, method, URL, route pattern, status and duration, at `warn` for 4xx
 * and `error` for 5xx. The liveness probe and the Prometheus scrape are not logged; they still get
 * their `X-Request-Id`.
 *
 * Each logged request runs in its logging context (nestjs-pino's AsyncLocalStorage `storage`), so
 * every `Logger` call made while serving it carries its request id; the child logger that binds the
 * id is made on the first such call. pino-http did the same with two child loggers and three
 * listeners per request, about a quarter of a list request's CPU time (docs/performance.md).
 * nestjs-pino's own module middleware is off (`forRoutes: []`): NestJS registers module middleware
 * for every method with Express 5's `app.all()`, one route layer per HTTP method (35) on each path.
 */
export function requestLoggerMiddleware(root: Logger): RequestHandler {
  return (req, res, next) => {
    const requestId = requestIdOf(req, res);
    if (UNLOGGED_PATHS.has(pathOf(req))) {
      next();
      return;
    }
    const start = performance.now();
    // 'close' follows 'finish' for a response that was sent, and comes alone for one the client abandoned.
    res.once('close', () => {
      const statusCode = res.statusCode;
      const route = routeOf(req);
      const line = {
        [REQUEST_ID_KEY]: requestId,
        req: { method: req.method, url: (req.originalUrl ?? req.url ?? '').slice(0, MAX_LOGGED_URL) },
        res: { statusCode },
        durationMs: Math.round(performance.now() - start),
        route,
      };
      if (!res.writableFinished) {
        root.warn({ ...line, aborted: true }, `${req.method} ${route} closed before the response was complete`);
      } else if (statusCode >= 500) {
        root.error(line, `${req.method} ${route} ${statusCode}`);
      } else if (statusCode >= 400) {
        root.warn(line, `${req.method} ${route} ${statusCode}`);
      } else {
        root.info(line, `${req.method} ${route} ${statusCode}`);
      }
    });
    storage.run(new RequestStore(root, requestId), next);
  };
}

function pathOf(req: LoggedRequest): string {
  const url = req.originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * Errors as type, message, code and stack only: pino's default copies every enumerable property,
 * and TypeORM's QueryFailedError carries the query's parameters (password hashes, emails).
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) {
    return error;
  }
  const { code } = error as { code?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: error.stack ?? '',
  };
}
