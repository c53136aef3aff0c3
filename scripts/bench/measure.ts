// How a scenario is measured: after the server and MariaDB go idle, its load in a process of its own,
// with the CPU each of them spent per request; and the two login runs that load two things at once.
import { cpuOf, settle } from './cpu';
import { runLoad, runProbe } from './children';
import { LoadResult, ScenarioData } from './messages';
import { BenchOptions } from './options';
import { LoginFlood, LoginUnderReads, Measured } from './report';
import { Scenario } from './scenarios';

/** The light load beside the login flood: requests/s, evenly spaced (probe.ts). */
export const PROBE_RATE = 200;

/** Whose CPU a scenario costs: the server's processes (read afresh) and MariaDB's. */
export interface Processes {
  server: () => number[];
  db: number[];
}

/** The server's password_hash_fallbacks_total (every PM2 worker's, in cluster mode). */
async function hashFallbacks(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^password_hash_fallbacks_total (\d+)/m.exec(text)?.[1] ?? 0);
}

export class Measurer {
  constructor(
    private readonly options: BenchOptions,
    private readonly data: ScenarioData,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * Waits until `pids` are idle, for at most three times a scenario's duration (30 s at most, so a
   * 1 s CI run stays short).
   */
  async idle(pids: number[]): Promise<void> {
    const timeoutMs = Math.min(30000, this.options.duration * 3000);
    if (!(await settle(() => cpuOf(pids), timeoutMs))) {
      this.log(`the server and MariaDB were still busy after ${timeoutMs / 1000} s; measuring anyway`);
    }
  }

  load(url: string, scenario: Scenario, connections = this.options.connections): Promise<LoadResult> {
    return runLoad({ url, scenario, data: this.data, connections, duration: this.options.duration });
  }

  /**
   * Runs a scenario and adds where its CPU went, per request: the server (every worker, and PM2's
   * daemon in cluster mode), MariaDB, and the load generator. On one machine they share the cores, so
   * these say what a request costs each of them and why a ratio to the floor is what it is.
   */
  async measured(url: string, scenario: Scenario, processes: Processes): Promise<Measured> {
    const server = processes.server();
    await this.idle([...server, ...processes.db]);
    const before = { server: cpuOf(server), db: cpuOf(processes.db) };
    const result = await this.load(url, scenario);
    const requests = Math.max(result.requests, 1);
    const perRequest = (ms: number) => Number((ms / requests).toFixed(3));
    return {
      ...result,
      cpuMsPerRequest: {
        server: perRequest(cpuOf(server) - before.server),
        db: perRequest(cpuOf(processes.db) - before.db),
        load: perRequest(result.loadCpuMs),
      },
    };
  }

  /**
   * The login flood again, with a light, steady read load beside it: hashing must not stall the
   * loop. The light load alone first, so what the flood adds to its latency shows.
   */
  async loginFlood(url: string, busy: number[]): Promise<LoginFlood> {
    await this.idle(busy);
    const tagsAlone = await this.probe(url, '/api/tags');
    await this.idle(busy);
    const [login, tags] = await Promise.all([this.load(url, 'login'), this.probe(url, '/api/tags')]);
    return { login, tags, tagsAlone };
  }

  /**
   * The other way round: a few logins while reads keep every core busy. Low-priority hashing gets no
   * CPU time then, and sign-ins must still be answered (by the fallback process).
   */
  async loginUnderReads(url: string, busy: number[]): Promise<LoginUnderReads> {
    await this.idle(busy);
    const fallbacksBefore = await hashFallbacks(url);
    const [reads, logins] = await Promise.all([this.load(url, 'articles'), this.load(url, 'login', 4)]);
    return { reads, logins, fallbacks: (await hashFallbacks(url)) - fallbacksBefore };
  }

  private probe(url: string, path: string) {
    return runProbe({ url, path, rate: PROBE_RATE, duration: this.options.duration });
  }
}
