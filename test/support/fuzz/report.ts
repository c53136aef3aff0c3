/** What the fuzz suite checks on each answer, and how it counts and reports them. */

export interface Answer {
  status: number;
  contentType: string | undefined;
  body: unknown;
  text: string;
}

const isMessageList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item.length > 0);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Traces of internals that an error message must never carry (API.md: no stack, SQL or driver message). */
const INTERNALS = /\n\s+at |QueryFailedError|TypeORMError|\bER_[A-Z_]{3,}\b|SQLITE_[A-Z]+|node_modules/;

/**
 * Why `answer` is not exactly `{"errors":{"<key>":["...", ...], ...}}` as JSON (at least one key, each
 * a non-empty list of non-empty messages), or undefined when it is.
 */
export function errorShapeProblem(answer: Answer): string | undefined {
  if (!answer.contentType?.startsWith('application/json')) {
    return `error answered as ${answer.contentType ?? 'no content type'}, not JSON`;
  }
  const body = answer.body;
  const exact =
    isPlainObject(body) &&
    Object.keys(body).join() === 'errors' &&
    isPlainObject(body.errors) &&
    Object.keys(body.errors).length > 0 &&
    Object.entries(body.errors).every(([key, messages]) => key.length > 0 && isMessageList(messages));
  if (!exact) {
    return 'error body is not {"errors":{"<key>":[non-empty strings], ...}} with at least one key';
  }
  const errors = (body as { errors: Record<string, string[]> }).errors;
  // Keys name a field, resource or the request (`email`, not the path `user.email`), and a message
  // does not repeat its key ("can't be blank", not "email can't be blank").
  const misKeyed = Object.entries(errors).find(
    ([key, messages]) => !/^[A-Za-z]+$/.test(key) || messages.some((message) => message.startsWith(`${key} `)),
  );
  if (misKeyed) {
    return `error key or message not in the spec's form: ${JSON.stringify({ [misKeyed[0]]: misKeyed[1] })}`;
  }
  const leak = Object.entries(errors)
    .flatMap(([key, messages]) => [key, ...messages])
    .find((text) => INTERNALS.test(text));
  return leak === undefined ? undefined : `error message leaks internals: ${leak.slice(0, 200)}`;
}

/** terminus's report: `{status, info, error, details}`. */
export const isTerminusReport = (body: unknown): boolean =>
  body !== null && typeof body === 'object' && typeof (body as { status?: unknown }).status === 'string';

/** Requests per endpoint and status, printed as a table at the end. */
export class Tally {
  private readonly counts = new Map<string, Map<string, number>>();

  add(endpoint: string, status: string): void {
    const statuses = this.counts.get(endpoint) ?? new Map<string, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.counts.set(endpoint, statuses);
  }

  get total(): number {
    return [...this.counts.values()].reduce((sum, statuses) => sum + sumOf(statuses), 0);
  }

  table(): string {
    const statuses = [...new Set([...this.counts.values()].flatMap((byStatus) => [...byStatus.keys()]))].sort();
    const width = Math.max(...[...this.counts.keys()].map((endpoint) => endpoint.length), 'endpoint'.length);
    const row = (cells: string[], first: string) =>
      [first.padEnd(width), ...cells.map((cell) => cell.padStart(6))].join(' ').trimEnd();
    const lines = [...this.counts].map(([endpoint, byStatus]) =>
      row([String(sumOf(byStatus)), ...statuses.map((status) => String(byStatus.get(status) ?? ''))], endpoint),
    );
    const totals = statuses.map((status) =>
      String([...this.counts.values()].reduce((sum, byStatus) => sum + (byStatus.get(status) ?? 0), 0)),
    );
    return [row(['sent', ...statuses], 'endpoint'), ...lines, row([String(this.total), ...totals], 'total')].join('\n');
  }
}

const sumOf = (byStatus: Map<string, number>): number => [...byStatus.values()].reduce((sum, n) => sum + n, 0);

/** A readable excerpt of a possibly huge text: its length and both ends. */
export function excerpt(text: string, keep = 160): string {
  const shown = text.length <= keep ? text : `${text.slice(0, keep / 2)}…${text.slice(-keep / 2)}`;
  return `${JSON.stringify(shown)} (${text.length} chars)`;
}
