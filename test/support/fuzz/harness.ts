import { NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { changes, snapshot, Snapshot } from './db-snapshot';
import { Fixtures } from './fixtures';
import { POLLUTION_MARKER } from './hostile';
import { Answer, errorShapeProblem, excerpt, isTerminusReport, Tally } from './report';
import { encodeSegment, FuzzRequest, Method } from './requests';

/** An endpoint under fuzzing. */
export interface Target {
  method: Method;
  /** As in the README's table, e.g. `POST /api/users/login`: the row of the printed table. */
  name: string;
  /** How many requests to send. */
  runs: number;
  /** GET /health: its non-2xx answers are terminus's report, not the API's error shape. */
  terminus?: boolean;
}

export interface Violation {
  run: number;
  /** What kind of request it was (body generator, token kind): violations are grouped by it. */
  kind: string;
  problems: string[];
  request: string;
  answer: string;
}

const isSuccess = (status: number): boolean => status >= 200 && status < 300;

/** What a 401 is about: the request's token, or a login's email and password. */
const UNAUTHORIZED_KEYS = new Set(['token', 'credentials']);

const VERBS = { GET: 'get', POST: 'post', PUT: 'put', DELETE: 'delete' } as const;

/**
 * Sends generated requests one at a time to the in-process app and checks every answer:
 * - never a 5xx (nor a dropped connection);
 * - every non-2xx in the API's error shape, `{"errors":{"<key>":["..."]}}` (GET /health may answer
 *   terminus's report), a 401 keyed by `token` or `credentials` only;
 * - a token that is invalid, forged or expired never gets a 2xx;
 * - a write (POST, PUT, DELETE) that fails leaves every table exactly as it was;
 * - nothing reaches Object.prototype.
 */
export class FuzzHarness {
  readonly tally = new Tally();
  /** The database as the last write left it; undefined when something else may have changed it since. */
  private current?: Snapshot;

  constructor(
    private readonly app: NestExpressApplication,
    private readonly dataSource: DataSource,
    private readonly fixtures: Fixtures,
  ) {}

  /** Sends `endpoint.runs` requests drawn from `requests` with `seed`; the violations found, in order. */
  async fuzz(endpoint: Target, requests: fc.Arbitrary<FuzzRequest>, seed: number): Promise<Violation[]> {
    this.current = undefined;
    const violations: Violation[] = [];
    for (const [run, fuzzRequest] of fc.sample(requests, { seed, numRuns: endpoint.runs }).entries()) {
      const violation = await this.exchange(endpoint, fuzzRequest, run);
      if (violation) {
        violations.push(violation);
      }
    }
    return violations;
  }

  private async exchange(endpoint: Target, fuzzRequest: FuzzRequest, run: number): Promise<Violation | undefined> {
    const url = await this.urlOf(fuzzRequest);
    if (this.fixtures.recreated) {
      this.fixtures.recreated = false;
      this.current = undefined;
    }
    const isWrite = endpoint.method !== 'GET';
    const before = isWrite ? (this.current ?? (await snapshot(this.dataSource))) : undefined;
    const answer = await this.send(endpoint.method, url, fuzzRequest);
    const after = isWrite ? await snapshot(this.dataSource) : undefined;
    this.current = after;

    this.tally.add(endpoint.name, answer instanceof Error ? 'none' : String(answer.status));
    const problems =
      answer instanceof Error ? [`no answer: ${answer.message}`] : this.check(endpoint, fuzzRequest, answer);
    const succeeded = !(answer instanceof Error) && isSuccess(answer.status);
    const changed = before && after && !succeeded ? changes(before, after) : [];
    if (changed.length > 0) {
      problems.push(`a failed ${endpoint.method} changed the data: ${changed.join('; ')}`);
    }
    if (Object.prototype.hasOwnProperty.call(Object.prototype, POLLUTION_MARKER)) {
      delete (Object.prototype as Record<string, unknown>)[POLLUTION_MARKER];
      problems.push(`Object.prototype.${POLLUTION_MARKER} was set`);
    }
    if (problems.length === 0) {
      return undefined;
    }
    return {
      run,
      kind: kindOf(fuzzRequest),
      problems,
      request: describeRequest(endpoint.method, url, fuzzRequest),
      answer: answer instanceof Error ? answer.message : `${answer.status} ${excerpt(answer.text, 400)}`,
    };
  }

  private check(endpoint: Target, { auth }: FuzzRequest, answer: Answer): string[] {
    const problems: string[] = [];
    if (answer.status >= 500) {
      problems.push(`${answer.status} server error`);
    }
    if (isSuccess(answer.status)) {
      if (auth.kind === 'invalid') {
        problems.push(`${answer.status} for an invalid token (${auth.label})`);
      }
      return problems;
    }
    const terminusReport = endpoint.terminus === true && isTerminusReport(answer.body);
    const shapeProblem = terminusReport ? undefined : errorShapeProblem(answer);
    if (shapeProblem) {
      problems.push(`${answer.status}: ${shapeProblem}`);
    } else if (answer.status === 401) {
      const keys = Object.keys((answer.body as { errors: object }).errors);
      if (keys.some((key) => !UNAUTHORIZED_KEYS.has(key))) {
        problems.push(`401 keyed by ${keys.join(', ')}, not token or credentials`);
      }
    }
    return problems;
  }

  private async urlOf({ segments, query }: FuzzRequest): Promise<string> {
    const parts: string[] = [];
    for (const segment of segments) {
      parts.push(typeof segment === 'string' ? segment : encodeSegment(await this.fixtures.resolve(segment.ref)));
    }
    return `/${parts.join('/')}${query}`;
  }

  private async send(method: Method, url: string, { auth, body }: FuzzRequest): Promise<Answer | Error> {
    let call = request(this.app.getHttpServer())[VERBS[method]](url);
    if (auth.header !== undefined) {
      call = call.set('Authorization', auth.header);
    }
    if (body) {
      call = call.set('Content-Type', body.contentType);
      if (body.contentEncoding) {
        call = call.set('Content-Encoding', body.contentEncoding);
      }
      call = call.send(body.text);
    }
    try {
      const res = await call;
      return { status: res.status, contentType: res.get('Content-Type'), body: res.body as unknown, text: res.text };
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }
}

/** The body generator and, for a token of a user that does not exist, that: violations are grouped by it. */
function kindOf({ body, auth }: FuzzRequest): string {
  return `${body?.label ?? 'no body'}${auth.kind === 'unknownUser' ? ', token of an unknown user' : ''}`;
}

/** Enough to replay the request by hand: method, URL, token, body (long ones abridged). */
function describeRequest(method: Method, url: string, { auth, body }: FuzzRequest): string {
  const parts = [`${method} ${url.length > 300 ? excerpt(url, 300) : url}`, `auth: ${auth.label}`];
  if (body) {
    const encoding = body.contentEncoding ? `, Content-Encoding: ${body.contentEncoding}` : '';
    parts.push(`body (${body.label}; Content-Type: ${body.contentType}${encoding}): ${excerpt(body.text, 300)}`);
  }
  return parts.join(' | ');
}
