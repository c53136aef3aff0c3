/**
 * What the host and PM2 put in the environment, beside the application's own settings: read from
 * `process.env` once, here, so the rest of the code receives values instead of reaching for it.
 */
export interface HostEnvironment {
  /** The executable search path (`PATH`), where optional helper programs such as `chrt` are looked up. */
  searchPath: string;
  /** Set when PM2 started this process: `pm_id` and `name` in every process it runs, `exec_mode` in each worker. */
  pm2?: {
    id: number;
    name: string | undefined;
    clusterMode: boolean;
  };
}

/** Reads a host environment from `env` (tests pass their own). */
export function readHostEnvironment(env: NodeJS.ProcessEnv): HostEnvironment {
  const pmId = env.pm_id === undefined ? undefined : Number(env.pm_id);
  return {
    searchPath: env.PATH ?? '/usr/bin:/bin',
    pm2:
      pmId === undefined || !Number.isInteger(pmId)
        ? undefined
        : { id: pmId, name: env.name, clusterMode: env.exec_mode === 'cluster_mode' },
  };
}

let cached: HostEnvironment | undefined;

/** This process's host environment, read on first use and kept. */
export function hostEnvironment(): HostEnvironment {
  cached ??= readHostEnvironment(process.env);
  return cached;
}
