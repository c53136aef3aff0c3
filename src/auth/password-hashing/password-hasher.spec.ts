import { availableParallelism } from 'node:os';
import { hostEnvironment } from '../../config/host-environment';
import { HashingProcessSpec, HashingWorker } from './hashing-process';
import { PasswordHasher, PasswordHasherOptions } from './password-hasher';

/**
 * A hasher whose processes are stubs: each answers `hashed at nice 19` or `hashed at normal priority`
 * at once, except while `stalled` names its priority (or `all`): then it never answers.
 */
function hasherWith(options: Partial<PasswordHasherOptions> = {}) {
  const started: HashingProcessSpec[] = [];
  const state = { stalled: 'none' as 'none' | 'nice 19' | 'all', closed: 0 };
  const startProcess = (spec: HashingProcessSpec): HashingWorker => {
    started.push(spec);
    const stalled = () => state.stalled === 'all' || (spec.lowestNice && state.stalled === 'nice 19');
    const answer = `hashed at ${spec.lowestNice ? 'nice 19' : 'normal priority'}`;
    return {
      alive: true,
      request: () => (stalled() ? new Promise(() => {}) : Promise.resolve(answer)),
      cancel: () => undefined,
      close: () => Promise.resolve(void state.closed++),
    };
  };
  const hasher = new PasswordHasher({ searchPath: '', startProcess, ...options });
  return { hasher, started, state };
}

describe(PasswordHasher.name, () => {
  describe('start', () => {
    it.each([
      { priority: 'idle', where: 'without chrt', searchPath: '', scheduling: 'nice 19', lowestNice: true },
      {
        priority: 'low',
        where: 'with chrt',
        searchPath: hostEnvironment().searchPath,
        scheduling: 'nice 19',
        lowestNice: true,
      },
      {
        priority: 'normal',
        where: 'with chrt',
        searchPath: hostEnvironment().searchPath,
        scheduling: 'normal',
        lowestNice: false,
      },
    ] as const)(
      'should start the process at priority $priority $where as $scheduling',
      async ({ priority, searchPath, scheduling, lowestNice }) => {
        const { hasher, started } = hasherWith({ priority, searchPath, concurrency: 3 });

        await expect(hasher.start()).resolves.toEqual({ priority, scheduling, concurrency: 3 });
        expect(started).toEqual([{ prefix: [], concurrency: 3, lowestNice }]);
      },
    );

    it('should start it through chrt under SCHED_IDLE where it can, hashing on every core by default', async () => {
      const { hasher, started } = hasherWith({ priority: 'idle', searchPath: hostEnvironment().searchPath });

      await expect(hasher.start()).resolves.toMatchObject({ scheduling: 'SCHED_IDLE' });
      expect(started).toEqual([
        {
          prefix: [expect.stringMatching(/\/chrt$/), '--idle', '0'],
          concurrency: availableParallelism(),
          lowestNice: true,
        },
      ]);
    });

    it('should hash one at a time by default in a PM2 cluster worker', async () => {
      const { hasher } = hasherWith({ priority: 'low', clusterWorker: true });

      await expect(hasher.start()).resolves.toMatchObject({ concurrency: 1 });
    });

    it('should decide the scheduling and start the process once for the first requests at once', async () => {
      const { hasher, started } = hasherWith({ priority: 'low' });

      await Promise.all([hasher.run('hash', ['a']), hasher.run('hash', ['b']), hasher.start()]);

      expect(started).toHaveLength(1);
    });
  });

  describe('fallback', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('should hash in a process at normal priority, started then, while its own is starved', async () => {
      const { hasher, started, state } = hasherWith({ priority: 'low', concurrency: 1, starvedAfterMs: 200 });
      state.stalled = 'nice 19';

      const held = hasher.run('hash', ['held']);
      await jest.advanceTimersByTimeAsync(200);

      await expect(held).resolves.toBe('hashed at normal priority');
      expect(started).toEqual([
        { prefix: [], concurrency: 1, lowestNice: true },
        { prefix: [], concurrency: Math.max(1, availableParallelism() - 1), lowestNice: false },
      ]);
      expect(hasher.stats()).toEqual({ waiting: 1, fallbacks: 1, refused: 0 });
    });

    it('should not fall back at normal priority: its requests wait, up to their deadline', async () => {
      const { hasher, started, state } = hasherWith({ priority: 'normal', deadlineMs: 500, starvedAfterMs: 50 });
      state.stalled = 'all';

      const held = hasher.run('hash', ['held']);
      const refusal = expect(held).rejects.toThrow('no password hash within 500 ms');
      await jest.advanceTimersByTimeAsync(500);

      await refusal;
      expect(started).toHaveLength(1);
      expect(hasher.stats()).toEqual({ waiting: 1, fallbacks: 0, refused: 1 });
    });
  });

  describe('close', () => {
    it('should refuse new requests once closed, and stop the processes', async () => {
      const { hasher, state } = hasherWith({ priority: 'low' });
      await hasher.run('hash', ['before']);

      await hasher.close();

      await expect(hasher.run('hash', ['after'])).rejects.toThrow('the password hasher is closed');
      expect(state.closed).toBe(1);
    });

    it('should start no process when closed before its first use', async () => {
      const { hasher, started } = hasherWith({ priority: 'low' });

      await hasher.close();

      expect(started).toEqual([]);
      expect(hasher.stats()).toEqual({ waiting: 0, fallbacks: 0, refused: 0 });
    });
  });
});
