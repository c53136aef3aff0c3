import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';
import { HashingOverloadedError } from '../common/errors/api-errors';
import { HashingBusyError, HashingStats, PasswordHasher } from './password-hashing/password-hasher';

/** argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane). */
export const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * What a login for an unknown email verifies against, so that it costs what a wrong password costs:
 * the argon2id hash, with HASH_OPTIONS' parameters, of random bytes nobody kept. A verification's
 * cost depends on those parameters alone, so a constant serves (a test checks they match), and no
 * hash is computed at startup or on the first such login.
 */
export const DECOY_HASH =
  '$argon2id$v=19$m=19456,p=1,t=2$kyIavPHlUkT3UxHW8cy14A$OErP5LKwgosD+I9GMCVMxHKFZ6JpSEcspofCbHJirjg';

/**
 * Hashes and verifies passwords in a child process running at the lowest CPU priority
 * (password-hashing/; PASSWORD_HASH_PRIORITY), PASSWORD_HASH_CONCURRENCY at a time; further hashes
 * wait in line. The event loop never hashes, and hashing never takes a core from it, from the
 * database or from anything else on the host: during a login flood other requests keep their
 * latency, and logins get the CPU time that is left, all of it on an idle machine. On a host with no
 * CPU time left for a second, a process at normal priority takes over until there is.
 */
@Injectable()
export class PasswordService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PasswordService.name);

  constructor(private readonly hasher: PasswordHasher) {}

  /**
   * Starts the hashing process, so the first sign-in does not wait for it, without waiting for it
   * either: under SCHED_IDLE a busy host (a PM2 reload under load) may leave it, and the scheduling
   * probe before it, no CPU for a while, and a worker's readiness must not depend on idle CPU.
   */
  onModuleInit(): void {
    this.hasher.start().then(
      ({ priority, scheduling, concurrency }) => {
        this.logger.log(`password hashing: ${concurrency} at once, ${scheduling}`);
        if (priority === 'idle' && scheduling !== 'SCHED_IDLE') {
          this.logger.warn(`SCHED_IDLE is not available here (util-linux's chrt); password hashing runs at nice 19`);
        }
      },
      (error: Error) => this.logger.error(`password hashing could not start: ${error.message}`),
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

  /** For /metrics: requests the hashing processes hold, and how many went to the fallback or were refused. */
  hashingStats(): HashingStats {
    return this.hasher.stats();
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
        throw new HashingOverloadedError();
      }
      throw error;
    }
  }

  /**
   * Spends the same time as a real verification, for a login whose email is unknown, so response
   * timing does not reveal which emails are registered. Always false.
   */
  async verifyDecoy(password: string): Promise<false> {
    await this.verify(DECOY_HASH, password);
    return false;
  }
}
