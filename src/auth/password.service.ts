import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { appConfig } from '../config/app.config';
import { HashingBusyError, PasswordHasher } from './password-hasher';

/** argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane). */
export const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Hashes and verifies passwords in a child process running at the lowest CPU priority
 * (password-hasher.ts; PASSWORD_HASH_PRIORITY), PASSWORD_HASH_CONCURRENCY at a time; further hashes
 * wait in line. The event loop never hashes, and hashing never takes a core from it, from the
 * database or from anything else on the host: during a login flood other requests keep their
 * latency, and logins get the CPU time that is left, all of it on an idle machine.
 */
@Injectable()
export class PasswordService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PasswordService.name);
  private decoyHash?: string;
  private readonly hasher: PasswordHasher;

  constructor(
    @Inject(appConfig.KEY)
    config: Partial<Pick<ConfigType<typeof appConfig>, 'passwordHashConcurrency' | 'passwordHashPriority'>>,
  ) {
    this.hasher = new PasswordHasher({
      concurrency: config.passwordHashConcurrency,
      priority: config.passwordHashPriority,
    });
    if ((config.passwordHashPriority ?? 'idle') === 'idle' && this.hasher.scheduling !== 'SCHED_IDLE') {
      this.logger.warn(`SCHED_IDLE is not available here (util-linux's chrt); password hashing runs at nice 19`);
    }
  }

  /**
   * Starts the hashing process and the decoy's hash without waiting for them: under SCHED_IDLE a
   * busy host (a PM2 reload under load) may give them no CPU for a while, and the worker's
   * readiness must not depend on idle CPU. A login that needs the decoy first computes it then.
   */
  onModuleInit(): void {
    this.logger.log(`password hashing: ${this.hasher.concurrency} at once, ${this.hasher.scheduling}`);
    this.hash(randomBytes(32).toString('hex')).then(
      (hash) => (this.decoyHash ??= hash),
      () => undefined,
    );
  }

  /** Lets the hashes in progress finish (a draining server's last logins need them), then stops. */
  async onModuleDestroy(): Promise<void> {
    await this.hasher.close();
  }

  hash(password: string): Promise<string> {
    return this.run('hash', [password, HASH_OPTIONS]);
  }

  /** False for a wrong password; rejects (a 500) if hashing fails, rather than answer "wrong password". */
  verify(hash: string, password: string): Promise<boolean> {
    return this.run('verify', [hash, password]);
  }

  /** The hashing process's pid, CPU priority (nice value) and hashes at once. */
  hashingProcess(): Promise<{ pid: number; priority: number; concurrency: number }> {
    return this.hasher.run('identify', []);
  }

  /** A hash not to be had in time is a 503 with Retry-After (the global filter), not a 500. */
  private async run<T>(operation: 'hash' | 'verify', args: unknown[]): Promise<T> {
    try {
      return await this.hasher.run<T>(operation, args);
    } catch (error) {
      if (error instanceof HashingBusyError) {
        throw new ServiceUnavailableException('too many sign-ins at once, try again shortly');
      }
      throw error;
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
