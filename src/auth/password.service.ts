import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import * as argon2 from 'argon2';
import { Sema } from 'async-sema';
import { randomBytes } from 'node:crypto';
import { appConfig } from '../config/app.config';

/**
 * argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane). The argon2 binding hashes on
 * libuv's thread pool, so neither hashing nor verifying ever blocks the event loop; and at most
 * PASSWORD_HASH_CONCURRENCY of them run at once (default: cores - 1), so that a login flood leaves
 * a core to the event loop instead of starving every other request.
 */
export const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordService implements OnModuleInit {
  private decoyHash?: string;
  private readonly slots: Sema;

  constructor(@Inject(appConfig.KEY) config: Pick<ConfigType<typeof appConfig>, 'passwordHashConcurrency'>) {
    this.slots = new Sema(config.passwordHashConcurrency);
  }

  async onModuleInit(): Promise<void> {
    this.decoyHash = await this.hash(randomBytes(32).toString('hex'));
  }

  hash(password: string): Promise<string> {
    return this.limited(() => argon2.hash(password, HASH_OPTIONS));
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await this.limited(() => argon2.verify(hash, password));
    } catch {
      return false;
    }
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    await this.slots.acquire();
    try {
      return await work();
    } finally {
      this.slots.release();
    }
  }

  /**
   * Spends the same time as a real verification, for a login whose email is unknown, so response
   * timing does not reveal which emails are registered. Always false.
   */
  async verifyDecoy(password: string): Promise<false> {
    this.decoyHash ??= await this.hash(randomBytes(32).toString('hex'));
    await this.verify(this.decoyHash, password);
    return false;
  }
}
