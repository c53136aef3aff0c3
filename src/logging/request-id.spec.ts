import { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';

/** The id requestIdOf gives a request with this X-Request-Id, and the header it sets on the response. */
function idFor(given?: string | string[]) {
  const headers: Record<string, unknown> = {};
  const req = { headers: given === undefined ? {} : { 'x-request-id': given } } as IncomingMessage;
  const res = {
    setHeader: (name: string, value: unknown) => void (headers[name] = value),
  } as unknown as ServerResponse;
  const id = requestIdOf(req, res);
  return { id, echoed: headers[REQUEST_ID_HEADER] };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdOf', () => {
  it("should keep the caller's plausible id and echo it", () => {
    expect(idFor('trace-1.2:3@edge_a')).toEqual({ id: 'trace-1.2:3@edge_a', echoed: 'trace-1.2:3@edge_a' });
    expect(idFor('x'.repeat(128)).id).toBe('x'.repeat(128));
  });

  it.each([
    ['no id', undefined],
    ['an empty id', ''],
    ['an id over 128 characters', 'x'.repeat(129)],
    ['a line break that could forge a log line', 'abc\n{"level":50}'],
    ['spaces', 'a b'],
    ['the header sent twice', ['a', 'b']],
  ])('should make a new UUID for %s, and echo it', (_case, given) => {
    const { id, echoed } = idFor(given);

    expect(id).toMatch(UUID);
    expect(echoed).toBe(id);
  });

  it('should make a different id for each request', () => {
    expect(idFor().id).not.toBe(idFor().id);
  });
});
