import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane). The argon2 binding hashes on
 * libuv's thread pool, so neither hashing nor verifying ever blocks the event loop.
 */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordService implements OnModuleInit {
  private decoyHash?: string;

  async onModuleInit(): Promise<void> {
    this.decoyHash = await this.hash(randomBytes(32).toString('hex'));
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, HASH_OPTIONS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
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
