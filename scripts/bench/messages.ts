// What bench.ts sends its child processes (load.ts, probe.ts) over IPC, and what they send back.
import type { Scenario } from './scenarios';

/** What the scenarios need from the seeded data (fixtures.ts): the long tail's heads, tokens, logins. */
export interface ScenarioData {
  tag: string;
  author: string;
  favoriter: string;
  busySlug: string;
  /** A user who follows about 500 authors. */
  feedToken: string;
  /** A user who follows 5 authors. */
  feedFewToken: string;
  /** The newest articles'. */
  slugs: string[];
  /** The newest users': tokens for writes, emails for logins. */
  tokens: string[];
  emails: string[];
  password: string;
}

export interface LoadRequest {
  url: string;
  scenario: Scenario;
  data: ScenarioData;
  connections: number;
  /** Seconds. */
  duration: number;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  /** Socket errors, timeouts and non-2xx answers. */
  errors: number;
  non2xx: number;
  statusCodes: Record<string, { count?: number }> | undefined;
  /** The load generator's own CPU time. */
  loadCpuMs: number;
}

export interface ProbeRequest {
  url: string;
  path: string;
  /** Requests per second. */
  rate: number;
  /** Seconds. */
  duration: number;
}

export interface ProbeResult {
  requests: number;
  rate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
}
