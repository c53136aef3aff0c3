import { Logger } from '@nestjs/common';
import * as argon2 from 'argon2';
import { readFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { HashingOverloadedError } from '../common/errors/api-errors';
import { hostEnvironment } from '../config/host-environment';
import { HashingBusyError, PasswordHasher, PasswordHasherOptions } from './password-hashing/password-hasher';
import { DECOY_HASH, HASH_OPTIONS, PasswordService } from './password.service';

const SCHED_IDLE = 5;

/** End to end: a real hashing process, started as the app starts it (hashing-process.spec.ts has the details). */
const serviceWith = (options: Partial<PasswordHasherOptions> = {}) =>
  new PasswordService(new PasswordHasher({ searchPath: hostEnvironment().searchPath, ...options }));

/** A process's scheduling policy: field 41 of /proc/<pid>/stat. */
async function policyOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
}

describe(PasswordService.name, () => {
  const passwords = serviceWith({ concurrency: 2 });

  beforeAll(() => passwords.onModuleInit());
  afterAll(() => passwords.onModuleDestroy());

  it('should hash with argon2id and verify the password, and only it', async () => {
    const hash = await passwords.hash('correct horse battery staple');

    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(hash.split('$')[3].split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
    await expect(passwords.verify(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(passwords.verify(hash, 'correct horse battery stapler')).resolves.toBe(false);
    await expect(argon2.verify(hash, 'correct horse battery staple')).resolves.toBe(true);
  });

  it('should hash in another process under SCHED_IDLE at the lowest nice value, so hashing never takes a core from requests', async () => {
    const hasher = await passwords.hashingProcess();

    expect(hasher).toMatchObject({ priority: constants.priority.PRIORITY_LOW, concurrency: 2 });
    expect(hasher.pid).not.toBe(process.pid);
    // This machine, like CI's, has util-linux's chrt.
    await expect(policyOf(hasher.pid)).resolves.toBe(SCHED_IDLE);
  });

  it('should hash several passwords at once without mixing up the answers', async () => {
    const inputs = Array.from({ length: 6 }, (_, i) => `password-${i}`);

    const hashes = await Promise.all(inputs.map((password) => passwords.hash(password)));
    const checks = await Promise.all(hashes.map((hash, i) => passwords.verify(hash, inputs[(i + 1) % inputs.length])));
    const own = await Promise.all(hashes.map((hash, i) => passwords.verify(hash, inputs[i])));

    expect(checks).toEqual(inputs.map(() => false));
    expect(own).toEqual(inputs.map(() => true));
  });

  it('should keep the decoy hash at the parameters of real hashes, so that both cost the same', async () => {
    const real = await passwords.hash('a real password');
    const parameters = (hash: string) => hash.split('$')[3].split(',').sort();

    expect(DECOY_HASH).toMatch(/^\$argon2id\$v=19\$/);
    expect(parameters(DECOY_HASH)).toEqual(parameters(real));
    expect(parameters(DECOY_HASH)).toEqual([
      `m=${HASH_OPTIONS.memoryCost}`,
      `p=${HASH_OPTIONS.parallelism}`,
      `t=${HASH_OPTIONS.timeCost}`,
    ]);
  });

  it('should answer a decoy verification with false after really hashing', async () => {
    const verify = jest.spyOn(passwords, 'verify');
    try {
      await expect(passwords.verifyDecoy('anything')).resolves.toBe(false);
      expect(verify).toHaveBeenCalledWith(DECOY_HASH, 'anything');
      await expect(verify.mock.results[0].value).resolves.toBe(false);
    } finally {
      verify.mockRestore();
    }
  });

  it('should reject, not answer "wrong password", when the stored hash is not a hash', async () => {
    await expect(passwords.verify('not-a-hash', 'anything')).rejects.toThrow(/password hashing failed/);
  });

  it('should fail the hashes of a hashing process that dies, then start another and go on', async () => {
    const { pid } = await passwords.hashingProcess();
    const interrupted = passwords.hash('interrupted');
    process.kill(pid, 'SIGKILL');

    await expect(interrupted).rejects.toThrow(/password-hashing process exited \(SIGKILL\)/);
    const hash = await passwords.hash('after a crash');
    await expect(passwords.verify(hash, 'after a crash')).resolves.toBe(true);
    expect((await passwords.hashingProcess()).pid).not.toBe(pid);
  });

  it('should let the hashes in progress finish when closed, then refuse new ones', async () => {
    const closing = serviceWith({ priority: 'normal', concurrency: 1 });
    const { pid } = await closing.hashingProcess();
    const inProgress = closing.hash('in progress');

    await closing.onModuleDestroy();

    await expect(inProgress).resolves.toMatch(/^\$argon2id\$/);
    await expect(closing.hash('too late')).rejects.toThrow(/closed/);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it('should warn at startup where SCHED_IDLE is asked for and not to be had', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const withoutChrt = serviceWith({ searchPath: '' });
    try {
      withoutChrt.onModuleInit();
      await withoutChrt.hashingProcess();

      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/SCHED_IDLE is not available here/));
    } finally {
      warn.mockRestore();
      await withoutChrt.onModuleDestroy();
    }
  });

  it('should answer 503 when hashing is overloaded (Retry-After, from the global filter), not 500 or a wrong password', async () => {
    const hasher = new PasswordHasher({ searchPath: '' });
    jest.spyOn(hasher, 'run').mockRejectedValue(new HashingBusyError('64 password hashes already waiting'));
    const overloaded = new PasswordService(hasher);

    await expect(overloaded.verify('$argon2id$...', 'password')).rejects.toThrow(HashingOverloadedError);
    await expect(overloaded.hash('password')).rejects.toThrow(HashingOverloadedError);
  });
});
