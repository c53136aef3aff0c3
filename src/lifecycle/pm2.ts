/** True in a process started by PM2 (it sets `pm_id` in every process's environment). */
export function isUnderPm2(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.pm_id !== undefined;
}

/** True in a worker that PM2 runs in cluster mode, where each worker has only its own counters. */
export function isPm2ClusterWorker(env: NodeJS.ProcessEnv = process.env): boolean {
  return isUnderPm2(env) && env.exec_mode === 'cluster_mode' && typeof process.send === 'function';
}
