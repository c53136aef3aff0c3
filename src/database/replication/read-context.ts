import { AsyncLocalStorage } from 'node:async_hooks';

/** Why a read went to the primary although replicas are configured. */
export type PrimaryReason =
  /** POST/PUT/DELETE: the reads that decide a write (and a login's credential check) see the latest data. */
  | 'write_request'
  /** The client wrote a moment ago and must see its own write (read-your-writes). */
  | 'read_your_writes'
  /** No replica is up and within DB_READ_MAX_LAG_S. */
  | 'no_replica_in_rotation'
  /** The chosen replica could not give a connection. */
  | 'replica_error';

/** Per request, set by ReadRoutingInterceptor; the ReadRouter reads it when TypeORM asks for a replica. */
export interface ReadContext {
  /** Set: every read of this request goes to the primary. */
  primaryReason?: PrimaryReason;
  /** The user this request wrote as, when that is not the token's (registration has no token yet). */
  writer?: number;
}

export const readContext = new AsyncLocalStorage<ReadContext>();

/**
 * Records that the current request wrote on behalf of `userId`, so that user's next reads go to the
 * primary for a while. Only needed where the request carries no token for that user (registration);
 * a no-op without replicas.
 */
export function recordWriter(userId: number): void {
  const context = readContext.getStore();
  if (context) {
    context.writer = userId;
  }
}
