import { HostEnvironment, hostEnvironment } from '../config/host-environment';

/** True in a process started by PM2. */
export function isUnderPm2(host: HostEnvironment = hostEnvironment()): boolean {
  return host.pm2 !== undefined;
}

/**
 * True in a worker that PM2 runs in cluster mode, where each worker has only its own counters.
 * `ipc`: whether the process can message its parent (PM2 talks to a cluster worker over that channel).
 */
export function isPm2ClusterWorker(
  host: HostEnvironment = hostEnvironment(),
  ipc = typeof process.send === 'function',
): boolean {
  return host.pm2?.clusterMode === true && ipc;
}
