import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Request } from 'express';
import { Connection, createConnection, RowDataPacket } from 'mysql2/promise';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { parseEnv } from '../../src/config/env.validation';
import { parseHostList } from '../../src/config/lists';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * For the e2e suite run with reads on a replica (scripts/test-replication/): after each write
 * request, the response waits until the replica has applied everything the primary wrote, so a test
 * that reads as another user (which read-your-writes rightly does not cover) does not depend on
 * replication being fast. The lag itself is tested separately, with the replica stopped.
 */
@Injectable()
export class ReplicaSyncInterceptor implements NestInterceptor {
  private connections?: Promise<[Connection, Connection]>;

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (SAFE_METHODS.has(context.switchToHttp().getRequest<Request>().method)) {
      return next.handle();
    }
    return next.handle().pipe(
      mergeMap(async (result) => {
        await this.waitForReplica();
        return result;
      }),
      catchError((error: unknown) => from(this.waitForReplica()).pipe(mergeMap(() => throwError(() => error)))),
    );
  }

  async close(): Promise<void> {
    const connections = await this.connections;
    await Promise.all(connections?.map((connection) => connection.end()) ?? []);
  }

  private async waitForReplica(): Promise<void> {
    const [primary, replica] = await (this.connections ??= this.connect());
    const [positions] = await primary.query<RowDataPacket[]>('SELECT @@gtid_binlog_pos AS position');
    const position = String(positions[0].position);
    const [results] = await replica.query<RowDataPacket[]>('SELECT MASTER_GTID_WAIT(?, 10) AS result', [position]);
    const result = results[0].result as number | null;
    if (Number(result) !== 0) {
      throw new Error(`the replica did not reach ${position} within 10 s`);
    }
  }

  private async connect(): Promise<[Connection, Connection]> {
    const env = parseEnv(process.env);
    const [replica] = parseHostList(env.DB_READ_HOSTS);
    const options = { user: env.DB_USER, password: env.DB_PASSWORD };
    return Promise.all([
      createConnection({ ...options, host: env.DB_HOST, port: env.DB_PORT }),
      createConnection({ ...options, host: replica.host, port: replica.port }),
    ]);
  }
}
