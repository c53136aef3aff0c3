import { Counter, Gauge, Registry } from 'prom-client';
import { PasswordService } from '../auth/password.service';

/**
 * Password hashing (auth/password-hashing/), read through PasswordService.hashingStats(): requests
 * waiting for the hashing processes, requests that went to the normal-priority fallback because the
 * hashing process was starved of CPU, and requests refused with a 503 (too many waiting, or past their
 * deadline).
 */
export function registerPasswordMetrics(registry: Registry, passwords: Pick<PasswordService, 'hashingStats'>): void {
  new Gauge({
    name: 'password_hashes_waiting',
    help: 'Password hashes and verifications the hashing processes hold: running, queued, or abandoned and not yet done',
    registers: [registry],
    collect() {
      this.set(passwords.hashingStats().waiting);
    },
  });
  new Counter({
    name: 'password_hash_fallbacks_total',
    help: 'Password hashes sent to the normal-priority process because the low-priority one got no CPU time',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(passwords.hashingStats().fallbacks);
    },
  });
  new Counter({
    name: 'password_hash_refused_total',
    help: 'Sign-ins answered 503 because too many hashes were waiting or theirs was not done in time',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(passwords.hashingStats().refused);
    },
  });
}
