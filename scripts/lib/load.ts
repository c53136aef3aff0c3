// Load while something fails (a reload, a killed worker, host or replica, a backup): loops side by
// side that send requests until told to stop, every request accounted for by its status or its error.
import { Agent, OutgoingHttpHeaders } from 'node:http';
import { errorCode, getStatus } from './http';

/** Clients of the load-under-failure scenarios: enough to keep two cores busy, each one connection. */
export const CONNECTIONS = 16;

/** One step of a loop: answers false to end that loop early. */
export type Step = (lane: number, iteration: number) => Promise<boolean | void>;

/**
 * `lanes` loops side by side, each running `step` again as soon as it settles, until `stop()`. The
 * first step that throws stops them all; `stop()` then throws its error (and `failure` holds it, for
 * a wait that should give up early).
 */
export class Loops {
  failure: Error | undefined;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(lanes: number, step: Step) {
    const lane = async (n: number): Promise<void> => {
      try {
        for (let i = 0; !this.stopped; i++) {
          if ((await step(n, i)) === false) {
            return;
          }
        }
      } catch (error) {
        this.failure ??= error as Error;
        this.stopped = true;
      }
    };
    this.done = Promise.all(Array.from({ length: lanes }, (_, n) => lane(n))).then(() => undefined);
  }

  /** Ends every loop after its current step; answers once they all have ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
    if (this.failure) {
      throw this.failure;
    }
  }
}

export interface Sent {
  /** When it was sent (ms since the epoch). */
  start: number;
  /** Its status, or 0 when it failed without one. */
  status: number;
  /** The socket error's code or message when it failed without a status. */
  error?: string;
}

export interface GetLoadOptions {
  /** Clients, each with one keep-alive connection. */
  connections: number;
  /** Client n sends paths[n], paths[n + 1], ... round and round. */
  paths: string[];
  headers?: (path: string) => OutgoingHttpHeaders;
}

/**
 * Steady GET load from `connections` clients, each with one keep-alive connection (a Node.js
 * http.Agent, which honours `Connection: close`). Every request is accounted for: a status, or an
 * error. (autocannon is not used for this: it ignores `Connection: close` and silently drops the
 * request it had already written to a closing socket, so it can neither prove nor disprove "zero
 * failed requests".)
 */
export class GetLoad {
  readonly sent: Sent[] = [];
  /** Requests sent and not answered yet. */
  inFlight = 0;
  private readonly loops: Loops;
  private readonly agents: Agent[];

  constructor(baseUrl: string, { connections, paths, headers = () => ({}) }: GetLoadOptions) {
    this.agents = Array.from({ length: connections }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
    this.loops = new Loops(connections, async (lane, i) => {
      const path = paths[(lane + i) % paths.length];
      const request: Sent = { start: Date.now(), status: 0 };
      this.inFlight++;
      try {
        request.status = await getStatus(this.agents[lane], `${baseUrl}${path}`, headers(path));
      } catch (error) {
        request.error = errorCode(error);
      }
      this.inFlight--;
      this.sent.push(request);
    });
  }

  /** Ends the load after the requests in flight; answers every request sent. */
  async stop(): Promise<Sent[]> {
    await this.loops.stop();
    for (const agent of this.agents) {
      agent.destroy();
    }
    return this.sent;
  }
}

export interface Tally {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Requests by status, or by error code for those that got none. */
  statuses: Record<string, number>;
  /** The error code of every request that failed without a status, in order. */
  errorCodes: string[];
}

export function tally(requests: Sent[]): Tally {
  const result: Tally = { sent: requests.length, ok: 0, non2xx: 0, errors: 0, statuses: {}, errorCodes: [] };
  for (const { status, error } of requests) {
    const key = error ?? String(status);
    result.statuses[key] = (result.statuses[key] ?? 0) + 1;
    if (error !== undefined) {
      result.errors++;
      result.errorCodes.push(error);
    } else if (status >= 200 && status < 300) {
      result.ok++;
    } else {
      result.non2xx++;
    }
  }
  return result;
}
