import { readdir, readFile } from 'node:fs/promises';
import { constants, getPriority } from 'node:os';
import { hostEnvironment } from '../../config/host-environment';
import { HASH_OPTIONS } from '../password.service';
import { HashingProcess, HashingProcessSpec } from './hashing-process';
import { idleSchedulingCommand } from './process-scheduling';

type Identity = { pid: number; priority: number; concurrency: number; hashed: number };

const SCHED_OTHER = 0;
const SCHED_IDLE = 5;
const NORMAL: HashingProcessSpec = { prefix: [], concurrency: 2, lowestNice: false };

/** Each thread's nice value and scheduling policy: fields 19 and 41 of /proc/<pid>/task/<tid>/stat. */
async function threadsOf(pid: number): Promise<Array<{ nice: number; policy: number }>> {
  const threads = await readdir(`/proc/${pid}/task`);
  return Promise.all(
    threads.map(async (tid) => {
      const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { nice: Number(fields[16]), policy: Number(fields[38]) };
    }),
  );
}

async function withProcess(spec: HashingProcessSpec, body: (process: HashingProcess) => Promise<void>): Promise<void> {
  const process = HashingProcess.start(spec);
  try {
    await body(process);
  } finally {
    await process.close();
  }
}

const identify = (process: HashingProcess, id: number) =>
  process.request(id, 'identify', [], Infinity) as Promise<Identity>;
const later = () => Date.now() + 30_000;

describe(HashingProcess.name, () => {
  describe('requests', () => {
    let process: HashingProcess;

    beforeAll(() => {
      process = HashingProcess.start({ prefix: [], concurrency: 1, lowestNice: false });
    });
    afterAll(() => process.close());

    it('should hash and verify, answering each request by its id', async () => {
      const [hash, other] = await Promise.all([
        process.request(1, 'hash', ['correct horse', HASH_OPTIONS], later()) as Promise<string>,
        process.request(2, 'hash', ['battery staple', HASH_OPTIONS], later()) as Promise<string>,
      ]);

      expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      await expect(process.request(3, 'verify', [hash, 'correct horse'], later())).resolves.toBe(true);
      await expect(process.request(4, 'verify', [other, 'correct horse'], later())).resolves.toBe(false);
    });

    it('should fail a request argon2 rejects, as `failed` (the process worked on it)', async () => {
      await expect(process.request(5, 'verify', ['not-a-hash', 'x'], later())).rejects.toMatchObject({
        outcome: 'failed',
        message: expect.stringMatching(/^password hashing failed: /),
      });
    });

    it('should not hash a request whose deadline passed before its turn', async () => {
      const before = await identify(process, 6);

      await expect(process.request(7, 'hash', ['too late', HASH_OPTIONS], Date.now() - 1)).rejects.toMatchObject({
        outcome: 'expired',
      });
      expect((await identify(process, 8)).hashed).toBe(before.hashed);
    });

    it('should drop a cancelled request that waits for its turn, and hash the one before it', async () => {
      const running = process.request(9, 'hash', ['running', HASH_OPTIONS], later());
      const queued = process.request(10, 'hash', ['queued', HASH_OPTIONS], later());
      process.cancel(10);

      await expect(queued).rejects.toMatchObject({ outcome: 'cancelled' });
      await expect(running).resolves.toMatch(/^\$argon2id\$/);
    });

    it("should keep hashing through SIGINT and SIGTERM (a terminal's Ctrl-C, a process-tree kill) while the server drains", async () => {
      const { pid } = await identify(process, 11);
      const during = process.request(12, 'hash', ['during a shutdown', HASH_OPTIONS], later());
      globalThis.process.kill(pid, 'SIGINT');
      globalThis.process.kill(pid, 'SIGTERM');

      await expect(during).resolves.toMatch(/^\$argon2id\$/);
      expect(process.alive).toBe(true);
    });
  });

  describe('lifecycle', () => {
    it('should fail the requests of a process that dies as `lost`, and say it is no longer alive', () =>
      withProcess(NORMAL, async (process) => {
        const { pid } = await identify(process, 1);
        const interrupted = process.request(2, 'hash', ['interrupted', HASH_OPTIONS], later());
        globalThis.process.kill(pid, 'SIGKILL');

        await expect(interrupted).rejects.toMatchObject({
          outcome: 'lost',
          message: 'the password-hashing process exited (SIGKILL)',
        });
        expect(process.alive).toBe(false);
        await expect(process.request(3, 'identify', [], later())).rejects.toMatchObject({ outcome: 'lost' });
      }));

    it('should exit when closed, failing what it still holds (the hasher drains it first)', async () => {
      const process = HashingProcess.start(NORMAL);
      const { pid } = await identify(process, 1);
      const held = process.request(2, 'hash', ['held', HASH_OPTIONS], later());

      await process.close();

      await expect(held).rejects.toMatchObject({ outcome: 'lost' });
      expect(() => globalThis.process.kill(pid, 0)).toThrow(/ESRCH/);
      // Closing it again, or a dead process, is nothing to do.
      await process.close();
    });

    it('should kill on close a process that gets no CPU to exit with', async () => {
      const process = HashingProcess.start(NORMAL);
      const { pid } = await identify(process, 1);
      globalThis.process.kill(pid, 'SIGSTOP');

      await process.close(100);

      expect(() => globalThis.process.kill(pid, 0)).toThrow(/ESRCH/);
    });
  });

  describe('scheduling', () => {
    it('should run every thread under SCHED_IDLE, and the hashing ones at nice 19, when started through chrt', async () => {
      const prefix = await idleSchedulingCommand(hostEnvironment().searchPath);
      await withProcess({ prefix: prefix!, concurrency: 2, lowestNice: true }, async (process) => {
        // The first hash starts libuv's pool: all its threads at once.
        await process.request(1, 'hash', ['password', HASH_OPTIONS], later());
        const { pid, priority, concurrency } = await identify(process, 2);
        const threads = await threadsOf(pid);

        expect({ priority, concurrency }).toEqual({ priority: constants.priority.PRIORITY_LOW, concurrency: 2 });
        // The main thread and the pool's have the lowest nice value; V8's, started before it was set, do not hash.
        expect(threads.filter(({ nice }) => nice === constants.priority.PRIORITY_LOW)).toHaveLength(1 + 2);
        expect(threads.map(({ policy }) => policy)).toEqual(threads.map(() => SCHED_IDLE));
      });
    });

    it.each([
      ['the lowest nice value', true, constants.priority.PRIORITY_LOW],
      ["the server's priority", false, getPriority()],
    ])(
      'should run the hashing threads at %s without chrt, under the normal policy',
      async (_case, lowestNice, nice) => {
        await withProcess({ prefix: [], concurrency: 2, lowestNice }, async (process) => {
          await process.request(1, 'hash', ['password', HASH_OPTIONS], later());
          const { pid, priority } = await identify(process, 2);
          const threads = await threadsOf(pid);

          expect(priority).toBe(nice);
          expect(threads.filter((thread) => thread.nice === nice).length).toBeGreaterThanOrEqual(1 + 2);
          expect(threads.map(({ policy }) => policy)).toEqual(threads.map(() => SCHED_OTHER));
        });
      },
    );
  });
});
