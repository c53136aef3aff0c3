import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Request } from 'express';
import { from, mergeMap, Observable, switchMap } from 'rxjs';
import { AuthUser } from '../../auth/auth-user';
import { PrimaryReason, ReadContext, readContext } from './read-context';
import { ReadRouter } from './read-router';
import { ReadYourWrites } from './read-your-writes';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Decides, per request, whether its reads may use a replica, and runs the handler in that context:
 * - a write request (POST, PUT, DELETE) reads from the primary: what decides a write, or checks a
 *   password, must see the latest data;
 * - a request whose user wrote within the read-your-writes window reads from the primary;
 * - every other read may use a replica in rotation.
 * After a successful write it records the writer, before the response leaves. configureApp() makes
 * it global only when replicas are configured.
 */
@Injectable()
export class ReadRoutingInterceptor implements NestInterceptor {
  constructor(
    private readonly router: ReadRouter,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.router.enabled || context.getType() !== 'http') {
      return next.handle();
    }
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const userId = request.user?.id;
    const write = !SAFE_METHODS.has(request.method);
    return from(this.primaryReason(write, userId)).pipe(
      switchMap((primaryReason) => {
        const store: ReadContext = { primaryReason };
        return new Observable<unknown>((subscriber) =>
          readContext.run(store, () => next.handle().subscribe(subscriber)),
        ).pipe(
          mergeMap(async (result) => {
            const writer = store.writer ?? (write ? userId : undefined);
            if (writer !== undefined) {
              await this.readYourWrites.markWrite(writer);
            }
            return result;
          }),
        );
      }),
    );
  }

  private async primaryReason(write: boolean, userId: number | undefined): Promise<PrimaryReason | undefined> {
    if (write) {
      return 'write_request';
    }
    if (userId !== undefined && (await this.readYourWrites.wroteRecently(userId))) {
      return 'read_your_writes';
    }
    return undefined;
  }
}
