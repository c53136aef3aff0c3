import { passwordHasherOptions } from './password-hasher.provider';

describe(passwordHasherOptions.name, () => {
  it('should take PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_PRIORITY, and where chrt is looked up', () => {
    expect(
      passwordHasherOptions({ passwordHashConcurrency: 3, passwordHashPriority: 'low' }, { searchPath: '/opt/bin' }),
    ).toEqual({ concurrency: 3, priority: 'low', searchPath: '/opt/bin', clusterWorker: false });
  });

  it('should leave the concurrency to the hasher when unset, knowing whether it runs in a PM2 cluster worker', () => {
    const pm2 = { id: 0, name: 'conduit', clusterMode: true };

    expect(
      passwordHasherOptions(
        { passwordHashConcurrency: undefined, passwordHashPriority: 'idle' },
        { searchPath: '', pm2 },
      ),
    ).toEqual({ concurrency: undefined, priority: 'idle', searchPath: '', clusterWorker: true });
  });
});
