import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { replicationConfig, ReplicationConfig } from '../../config/replication.config';

/**
 * Read-your-writes across every worker and host: after a user writes, a key in Redis keeps that
 * user's reads on the primary for `readYourWritesWindowMs`, longer than any replica in rotation can
 * be behind. Keyed by the token's user id, so it holds whichever instance the next request reaches.
 * When Redis cannot answer, reads go to the primary: more load, never a stale read of one's own write.
 */
@Injectable()
export class ReadYourWrites implements OnApplicationShutdown {
  private readonly logger = new Logger(ReadYourWrites.name);
  private readonly redis?: Redis;
  private readonly windowMs: number;
  private readonly prefix: string;
  private unsureUntil = 0;

  constructor(@Inject(replicationConfig.KEY) config: ReplicationConfig) {
    this.windowMs = config.readYourWritesWindowMs;
    this.prefix = `${config.redisKeyPrefix}ryw:`;
    if (config.replicas.length > 0 && config.redisUrl) {
      this.redis = new Redis(config.redisUrl, {
        // Fail fast while Redis is away (the caller then uses the primary) instead of queueing.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
        commandTimeout: 1000,
      });
      this.redis.on('error', (error: Error) => this.logger.warn(`Redis (read-your-writes): ${error.message}`));
    }
  }

  async markWrite(userId: number): Promise<void> {
    if (!this.redis) {
      return;
    }
    try {
      await this.redis.set(this.prefix + userId, '1', 'PX', this.windowMs);
    } catch (error) {
      // A mark lost: until the window has passed, this process treats every user as a recent writer.
      this.unsureUntil = Date.now() + this.windowMs;
      this.logger.warn(`could not record a write for read-your-writes: ${(error as Error).message}`);
    }
  }

  async wroteRecently(userId: number): Promise<boolean> {
    if (!this.redis) {
      return false;
    }
    if (Date.now() < this.unsureUntil) {
      return true;
    }
    try {
      return (await this.redis.exists(this.prefix + userId)) === 1;
    } catch {
      return true;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
