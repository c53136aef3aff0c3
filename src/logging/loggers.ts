import { IncomingMessage } from 'node:http';
import { RequestHandler } from 'express';
import pino, { DestinationStream, Logger } from 'pino';
import { HttpLogger, pinoHttp } from 'pino-http';
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

/**
 * The request logger (pino-http): one line per response with the request id, method, URL, route
 * pattern, status and duration. Mounted before everything else, so body-parser rejections (400,
 * 413) are logged and carry an `X-Request-Id` too.
 */
export function createHttpLogger(root: Logger): HttpLogger {
  return pinoHttp({
    logger: root,
    genReqId: requestIdOf,
    quietReqLogger: true,
    customAttributeKeys: { reqId: REQUEST_ID_KEY, responseTime: 'durationMs' },
    serializers: {
      req: (req: { raw: LoggedRequest; method?: string; url?: string }) => ({
        method: req.method,
        url: (req.raw.originalUrl ?? req.url ?? '').slice(0, MAX_LOGGED_URL),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // pino-http's child loggers replace the root's serializers: the same one again.
      err: serializeError,
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    customSuccessMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
    customSuccessObject: (req, _res, value: object) => ({ ...value, route: routeOf(req) }),
    customErrorObject: (req, _res, _error, value: object) => ({ ...value, route: routeOf(req) }),
  });
}

/**
 * The request logger as Express middleware, except on the liveness probe and the Prometheus scrape:
 * those are not logged, and skipping pino-http altogether spares them its per-request child logger
 * (about a tenth of the probe's CPU time). They still get their `X-Request-Id`.
 *
 * A logged request then runs in its logging context (nestjs-pino's AsyncLocalStorage `storage`,
 * holding the request's own child logger), so every `Logger` call made while serving it carries its
 * request id. nestjs-pino would bind that context itself through module middleware, but NestJS
 * registers module middleware for every method with Express 5's `app.all()`, one route layer per
 * HTTP method (35), on each of the paths the global prefix yields, and every request walked through
 * the 35 of the path it matched (docs/performance.md). LoggingModule turns that off (`forRoutes: []`).
 */
export function httpLoggerMiddleware(http: HttpLogger): RequestHandler {
  return (req, res, next) => {
    if (UNLOGGED_PATHS.has(pathOf(req))) {
      requestIdOf(req, res);
      next();
      return;
    }
    // pino-http's per-request logger (quietReqLogger): a child bound to the request id alone.
    http(req, res, () => storage.run(new Store(req.log), next));
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
 * pino-http runs pino's standard serializer first and hands this one its output, which keeps the
 * original error in `raw`.
 */
export function serializeError(value: unknown): unknown {
  const error = value instanceof Error ? value : (value as { raw?: unknown } | null | undefined)?.raw;
  if (!(error instanceof Error)) {
    return value;
  }
  const { code } = error as { code?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: error.stack ?? '',
  };
}
