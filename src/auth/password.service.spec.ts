import * as argon2 from 'argon2';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { constants, getPriority } from 'node:os';
import { HashingOverloadedError } from '../common/errors/api-errors';
import { HashingBusyError, idleSchedulingCommand, PasswordHasher, PasswordHasherOptions } from './password-hasher';
import { DECOY_HASH, HASH_OPTIONS, PasswordService } from './password.service';

type Identity = { pid: number; priority: number; concurrency: number; hashed: number };

const SCHED_OTHER = 0;
const SCHED_IDLE = 5;

/** A thread's nice value and scheduling policy: fields 19 and 41 of /proc/<pid>/task/<tid>/stat. */
async function schedulingOf(pid: number, tid: string): Promise<{ nice: number; policy: number }> {
  const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { nice: Number(fields[16]), policy: Number(fields[38]) };
}

/**
 * Runs `body` with a hasher whose process gets no CPU at all (SIGSTOP), as one under SCHED_IDLE on a
 * host whose cores are all busy; then lets it run again and closes the hasher.
 */
async function withStoppedProcess(
  options: PasswordHasherOptions,
  body: (hasher: PasswordHasher, stopped: Identity) => Promise<void>,
): Promise<void> {
  const hasher = new PasswordHasher(options);
  const stopped = await hasher.run<Identity>('identify', []);
  try {
    process.kill(stopped.pid, 'SIGSTOP');
    await body(hasher, stopped);
  } finally {
    process.kill(stopped.pid, 'SIGCONT');
    await hasher.close();
  }
}

/** Waits until the hashing process has answered everything it holds, given up on or not. */
async function answeredAll(hasher: PasswordHasher): Promise<void> {
  while (hasher.waiting > 0) {
    await sleep(10);
  }
}

describe(PasswordService.name, () => {
  const passwords = new PasswordService({ passwordHashConcurrency: 2 });

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

  it('should hash in another process at the lowest CPU priority, so hashing never takes a core from requests', async () => {
    const hasher = await passwords.hashingProcess();

    expect(hasher.pid).not.toBe(process.pid);
    expect(hasher.priority).toBe(constants.priority.PRIORITY_LOW);
    // The main thread and the threads that hash (libuv's pool, as many as the concurrency) have the
    // lowest nice value; V8's threads, started before it was set, do not hash. Every thread runs under
    // SCHED_IDLE: this machine (like CI's) has util-linux's chrt.
    expect(hasher.concurrency).toBe(2);
    const threads = await readdir(`/proc/${hasher.pid}/task`);
    const scheduling = await Promise.all(threads.map((tid) => schedulingOf(hasher.pid, tid)));
    expect(scheduling.filter(({ nice }) => nice === constants.priority.PRIORITY_LOW)).toHaveLength(1 + 2);
    expect(idleSchedulingCommand()).toEqual([expect.stringMatching(/\/chrt$/), '--idle', '0']);
    expect(scheduling.map(({ policy }) => policy)).toEqual(threads.map(() => SCHED_IDLE));
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
    await expect(passwords.verify('not-a-hash', 'anything')).rejects.toThrow();
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

  it("should keep hashing through SIGINT and SIGTERM (a terminal's Ctrl-C, a process-tree kill) while the server drains", async () => {
    const { pid } = await passwords.hashingProcess();
    const during = passwords.hash('during a shutdown');
    process.kill(pid, 'SIGINT');
    process.kill(pid, 'SIGTERM');

    await expect(during).resolves.toMatch(/^\$argon2id\$/);
    expect((await passwords.hashingProcess()).pid).toBe(pid);
  });

  it('should let the hashes in progress finish when closed, then refuse new ones', async () => {
    const closing = new PasswordService({ passwordHashConcurrency: 1 });
    const { pid } = await closing.hashingProcess();
    const inProgress = closing.hash('in progress');

    await closing.onModuleDestroy();

    await expect(inProgress).resolves.toMatch(/^\$argon2id\$/);
    await expect(closing.hash('too late')).rejects.toThrow(/closed/);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});

describe(PasswordHasher.name, () => {
  it.each([
    ['low', constants.priority.PRIORITY_LOW, 'nice 19'],
    ['normal', getPriority(), 'normal'],
  ] as const)(
    'should run the process at priority %s: nice %i, without SCHED_IDLE',
    async (priority, nice, scheduling) => {
      const hasher = new PasswordHasher({ priority, concurrency: 2 });
      try {
        // The first hash starts libuv's pool: all its threads at once.
        await expect(hasher.run('hash', ['password', HASH_OPTIONS])).resolves.toMatch(/^\$argon2id\$/);
        const identity = await hasher.run<Identity>('identify', []);

        expect(hasher.scheduling).toBe(scheduling);
        expect(identity.priority).toBe(nice);
        const threads = await readdir(`/proc/${identity.pid}/task`);
        const threadScheduling = await Promise.all(threads.map((tid) => schedulingOf(identity.pid, tid)));
        expect(threadScheduling.filter((thread) => thread.nice === nice).length).toBeGreaterThanOrEqual(1 + 2);
        expect(threadScheduling.map(({ policy }) => policy)).toEqual(threads.map(() => SCHED_OTHER));
      } finally {
        await hasher.close();
      }
    },
  );

  it('should hash in a fallback process at normal priority while its own is starved of CPU, then go back', () =>
    withStoppedProcess({ priority: 'idle', concurrency: 1, starvedAfterMs: 200 }, async (hasher, stopped) => {
      await expect(hasher.run('hash', ['held', HASH_OPTIONS])).resolves.toMatch(/^\$argon2id\$/);
      expect(hasher.rescued).toBe(1);
      // Still starved: a new request goes to the fallback at once.
      await expect(hasher.run('hash', ['new', HASH_OPTIONS])).resolves.toMatch(/^\$argon2id\$/);
      expect(hasher.rescued).toBe(2);
      const fallback = await hasher.fallbackProcess!.run<Identity>('identify', []);
      expect(fallback.pid).not.toBe(stopped.pid);
      expect(fallback.priority).toBe(getPriority());

      // Once the process runs again it drops the held hash, answered already, and takes requests again.
      process.kill(stopped.pid, 'SIGCONT');
      await answeredAll(hasher);
      expect((await hasher.run<Identity>('identify', [])).hashed).toBe(stopped.hashed);
      await expect(hasher.run('hash', ['later', HASH_OPTIONS])).resolves.toMatch(/^\$argon2id\$/);
      expect(hasher.rescued).toBe(2);
      expect((await hasher.run<Identity>('identify', [])).hashed).toBe(stopped.hashed + 1);
    }));

  it('should send to the fallback, not refuse, what a starved process has no room for', () =>
    withStoppedProcess({ priority: 'idle', concurrency: 1, queuePerSlot: 1, starvedAfterMs: 100 }, async (hasher) => {
      await expect(hasher.run('hash', ['fills its one place', HASH_OPTIONS])).resolves.toMatch(/^\$argon2id\$/);

      await expect(hasher.run('hash', ['no room left', HASH_OPTIONS])).resolves.toMatch(/^\$argon2id\$/);
      expect(hasher.rescued).toBe(2);
    }));

  it('should not fall back when it runs at normal priority: its requests wait, up to their deadline', () =>
    withStoppedProcess({ priority: 'normal', concurrency: 1, deadlineMs: 500, starvedAfterMs: 50 }, async (hasher) => {
      await expect(hasher.run('hash', ['held', HASH_OPTIONS])).rejects.toThrow(/within 500 ms/);
      expect(hasher.fallbackProcess).toBeUndefined();
    }));

  it('should not hash a request whose caller gave up before its turn came', () =>
    withStoppedProcess({ priority: 'normal', concurrency: 1, deadlineMs: 200 }, async (hasher, stopped) => {
      const abandoned = ['a', 'b', 'c'].map((password) => hasher.run('hash', [password, HASH_OPTIONS]));
      for (const request of abandoned) {
        await expect(request).rejects.toThrow(/within 200 ms/);
      }

      process.kill(stopped.pid, 'SIGCONT');
      await answeredAll(hasher);
      expect((await hasher.run<Identity>('identify', [])).hashed).toBe(stopped.hashed);
    }));

  it('should refuse at once a hash beyond its queue, and answer the others', async () => {
    const hasher = new PasswordHasher({ priority: 'normal', concurrency: 1, queuePerSlot: 2 });
    try {
      const results = await Promise.allSettled(
        ['a', 'b', 'c', 'd'].map((password) => hasher.run<string>('hash', [password, HASH_OPTIONS])),
      );

      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
      expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(HashingBusyError);
      // Answered requests free their places.
      await expect(hasher.run('hash', ['e', HASH_OPTIONS])).resolves.toMatch(/^\$argon2id\$/);
    } finally {
      await hasher.close();
    }
  });

  it('should give up on a hash past its deadline, and count it until the process answers', async () => {
    const hasher = new PasswordHasher({ priority: 'normal', concurrency: 1, queuePerSlot: 1, deadlineMs: 1 });
    try {
      await expect(hasher.run('hash', ['slow', HASH_OPTIONS])).rejects.toThrow(/within 1 ms/);
      // The abandoned hash still holds the one place until it is done.
      expect(hasher.waiting).toBe(1);
      await expect(hasher.run('hash', ['next', HASH_OPTIONS])).rejects.toThrow(/already waiting/);
      await answeredAll(hasher);
      // Once it is done its place is free: a hash (tens of ms) is refused for its own deadline now.
      await expect(hasher.run('hash', ['later', HASH_OPTIONS])).rejects.toThrow(/within 1 ms/);
    } finally {
      await hasher.close();
    }
  });
});

describe(`${PasswordService.name} when hashing is overloaded`, () => {
  it('should answer 503 (Retry-After, from the global filter), not 500 or a wrong password', async () => {
    const passwords = new PasswordService({ passwordHashConcurrency: 1 });
    const run = jest
      .spyOn(PasswordHasher.prototype, 'run')
      .mockRejectedValue(new HashingBusyError('64 password hashes already waiting'));
    try {
      await expect(passwords.verify('$argon2id$...', 'password')).rejects.toThrow(HashingOverloadedError);
      await expect(passwords.hash('password')).rejects.toThrow(HashingOverloadedError);
    } finally {
      run.mockRestore();
      await passwords.onModuleDestroy();
    }
  });
});
