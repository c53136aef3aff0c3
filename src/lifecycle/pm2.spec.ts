import { readHostEnvironment } from '../config/host-environment';
import { isPm2ClusterWorker, isUnderPm2 } from './pm2';

describe('pm2', () => {
  const plain = readHostEnvironment({});
  const forked = readHostEnvironment({ pm_id: '0', name: 'conduit', exec_mode: 'fork_mode' });
  const clustered = readHostEnvironment({ pm_id: '3', name: 'conduit', exec_mode: 'cluster_mode' });

  describe(isUnderPm2.name, () => {
    it('should tell a process PM2 started from any other', () => {
      expect([plain, forked, clustered].map((host) => isUnderPm2(host))).toEqual([false, true, true]);
    });
  });

  describe(isPm2ClusterWorker.name, () => {
    it('should be true only in a cluster worker that can message PM2', () => {
      expect(isPm2ClusterWorker(clustered, true)).toBe(true);
      expect(isPm2ClusterWorker(clustered, false)).toBe(false);
      expect(isPm2ClusterWorker(forked, true)).toBe(false);
      expect(isPm2ClusterWorker(plain, true)).toBe(false);
    });
  });
});
