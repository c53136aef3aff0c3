import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostEnvironment } from '../../config/host-environment';
import { defaultConcurrency, idleSchedulingCommand, schedulingFor } from './process-scheduling';

describe('process scheduling', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chrt-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A directory holding a `chrt` (not executable yet) that runs this shell script. */
  async function withChrt(name: string, script: string): Promise<string> {
    const bin = join(dir, name);
    await mkdir(bin);
    await writeFile(join(bin, 'chrt'), `#!/bin/sh\n${script}\n`);
    return bin;
  }

  describe(idleSchedulingCommand.name, () => {
    it("should start programs through util-linux's chrt where it works (this host, like CI, has it)", async () => {
      await expect(idleSchedulingCommand(hostEnvironment().searchPath)).resolves.toEqual([
        expect.stringMatching(/\/chrt$/),
        '--idle',
        '0',
      ]);
    });

    it('should do without where the search path has no chrt, or only relative entries', async () => {
      await expect(idleSchedulingCommand(dir)).resolves.toBeNull();
      await expect(idleSchedulingCommand('')).resolves.toBeNull();
      await expect(idleSchedulingCommand('.:bin')).resolves.toBeNull();
    });

    it('should do without a chrt that refuses (a sandbox, BusyBox) or is not executable', async () => {
      const refusing = await withChrt('refusing', 'exit 1');
      const path = join(refusing, 'chrt');

      await expect(idleSchedulingCommand(refusing)).resolves.toBeNull();
      await chmod(path, 0o755);
      await expect(idleSchedulingCommand(refusing)).resolves.toBeNull();
    });

    it('should take the first working chrt on the search path and pass it the command', async () => {
      const working = await withChrt('working', 'shift 2; exec "$@"');
      await chmod(join(working, 'chrt'), 0o755);

      await expect(idleSchedulingCommand(`${dir}:${working}:/usr/bin`)).resolves.toEqual([
        join(working, 'chrt'),
        '--idle',
        '0',
      ]);
    });

    it('should not try outside Linux', async () => {
      await expect(idleSchedulingCommand(hostEnvironment().searchPath, 'darwin')).resolves.toBeNull();
    });
  });

  describe(schedulingFor.name, () => {
    it.each([
      ['low', { name: 'nice 19', prefix: [] }],
      ['normal', { name: 'normal', prefix: [] }],
    ] as const)('should run a process at priority %s without chrt', async (priority, scheduling) => {
      await expect(schedulingFor(priority, hostEnvironment().searchPath)).resolves.toEqual(scheduling);
    });

    it('should run it under SCHED_IDLE at priority idle, or at nice 19 where chrt is not to be had', async () => {
      await expect(schedulingFor('idle', hostEnvironment().searchPath)).resolves.toMatchObject({ name: 'SCHED_IDLE' });
      await expect(schedulingFor('idle', dir)).resolves.toEqual({ name: 'nice 19', prefix: [] });
    });
  });

  describe(defaultConcurrency.name, () => {
    it('should hash on every core under SCHED_IDLE, on one core fewer without it, and on at least one', () => {
      expect(defaultConcurrency(true, false, 8)).toBe(8);
      expect(defaultConcurrency(false, false, 8)).toBe(7);
      expect(defaultConcurrency(false, false, 1)).toBe(1);
      expect(defaultConcurrency(true, false, 256)).toBe(64);
    });

    it('should hash one at a time in a PM2 cluster worker, whose siblings share the cores', () => {
      expect(defaultConcurrency(true, true, 8)).toBe(1);
    });
  });
});
