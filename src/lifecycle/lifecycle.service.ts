import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { NextFunction, Request, Response } from 'express';
import { Server as HttpServer, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { appConfig } from '../config/app.config';
import { flushLogs } from '../logging/loggers';

/** How long an otherwise finished process may wait for pending writes before it exits regardless. */
const LINGER_MS = 2000;

interface Closable {
  close(): Promise<void>;
  getHttpServer(): HttpServer;
}

/**
 * The process's life under a supervisor (PM2): readiness once the port is open and the database
 * answers, and a graceful shutdown that loses no request.
 */
@Injectable()
export class LifecycleService {
  private readonly logger = new Logger(LifecycleService.name);
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {}

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Express middleware, mounted first: remembers the requests in flight, and once draining has
   * begun answers every request with `Connection: close`, so keep-alive clients reconnect (to another
   * worker) after their current request instead of having their socket closed under them.
   */
  readonly trackRequests = (_req: Request, res: Response, next: NextFunction): void => {
    if (this.draining) {
      res.setHeader('Connection', 'close');
    } else {
      this.inFlight.add(res);
      res.once('close', () => this.inFlight.delete(res));
    }
    next();
  };

  /** Tells PM2 (`wait_ready`) this worker can take traffic: called after listen(), once the database answers. */
  async signalReady(): Promise<void> {
    await this.dataSource.query('SELECT 1');
    if (process.send) {
      process.send('ready');
    }
    this.logger.log('ready');
  }

  /** SIGTERM, SIGINT (PM2's stop and reload signal) and PM2's `shutdown` message each start one shutdown. */
  handleShutdownSignals(app: Closable): void {
    const stop = (reason: string) => void this.shutdown(app, reason);
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    process.on('message', (message: unknown) => {
      if (message === 'shutdown') {
        stop('shutdown message');
      }
    });
  }

  /**
   * Stops accepting connections, lets in-flight requests finish, closes keep-alive connections as
   * they fall idle, then closes the application (the TypeORM pool last), all within
   * SHUTDOWN_TIMEOUT_MS; past it the process exits anyway with status 1.
   */
  async shutdown(app: Closable, reason: string): Promise<void> {
    if (this.draining) {
      return;
    }
    this.draining = true;
    const timeoutMs = this.config.shutdownTimeoutMs;
    this.logger.log(`${reason}: draining ${this.inFlight.size} request(s), up to ${timeoutMs} ms`);
    const deadline = setTimeout(() => {
      this.logger.error(`graceful shutdown did not finish within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    let exitCode = 0;
    try {
      await this.drain(app.getHttpServer());
      await app.close();
      this.logger.log('shutdown complete');
    } catch (error) {
      this.logger.error(`shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      exitCode = 1;
    }
    clearTimeout(deadline);
    process.exitCode = exitCode;
    // Exit by running out of work, once the log lines written so far have reached their file (an
    // empty write calls back after them). Under PM2 the IPC channel would keep the process alive,
    // so it goes last; anything else still holding on gets LINGER_MS.
    flushLogs();
    await Promise.race([
      new Promise((resolve) => process.stdout.write('', resolve)),
      sleep(LINGER_MS, undefined, { ref: false }),
    ]);
    if (process.connected) {
      process.disconnect();
    }
    setTimeout(() => process.exit(), LINGER_MS).unref();
  }

  /**
   * Stops accepting connections and resolves once the last one has ended. A request in flight or
   * arriving on an open keep-alive connection is still served, with `Connection: close`, so its
   * client reconnects elsewhere. A connection that stays silent is left to Node's keep-alive timeout
   * (5 s advertised, closed after 6 s): clients stop reusing a connection before its advertised
   * timeout, so it is never closed under a request already on its way. Closing idle connections
   * sooner (as `http.Server#close` does) races with exactly those requests.
   */
  async drain(server: HttpServer): Promise<void> {
    this.draining = true;
    for (const res of this.inFlight) {
      if (!res.headersSent) {
        res.setHeader('Connection', 'close');
      }
    }
    // net.Server#close: stop accepting (in a cluster worker, the primary stops routing to it) and
    // call back once every connection has ended, without http.Server#close's idle-connection sweep.
    await new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
  }
}
