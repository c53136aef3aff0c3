import fc from 'fast-check';
import {
  atLength,
  bigArray,
  hostileKey,
  hostileShortString,
  hostileString,
  hostileValue,
  objectOf,
  pollutionPayload,
} from './hostile';

/**
 * The fuzzed request model and its generators. Generated values are plain data; anything that
 * depends on the database at the moment of sending (an article's current slug, a comment's id) is a
 * `Ref` that the harness resolves just before the request goes out.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A fixture named by role, looked up when the request is sent (it may have been renamed or deleted). */
export interface Ref {
  ref: FixtureRef;
}
export type FixtureRef = 'aliceSlug' | 'bobSlug' | 'aliceCommentId' | 'bobCommentId' | 'aliceName' | 'bobName';

/** A path segment: literal text, sent as is (already percent-encoded where needed), or a fixture. */
export type Segment = string | Ref;

/**
 * Who the request claims to be. `invalid` tokens (forged, expired, garbage, another scheme) must never
 * get a 2xx; `unknownUser` is correctly signed but names no user.
 */
export interface Auth {
  kind: 'none' | 'valid' | 'invalid' | 'unknownUser';
  label: string;
  header?: string;
}

export interface Body {
  label: string;
  contentType: string;
  text: string;
  contentEncoding?: string;
}

export interface FuzzRequest {
  auth: Auth;
  segments: Segment[];
  /** '' or '?a=b&c=d', already encoded. */
  query: string;
  body?: Body;
}

/** A JSON envelope as the API expects it, e.g. `{ user: { email, password } }`, with valid field values. */
export interface Envelope {
  key: string;
  fields: Record<string, fc.Arbitrary<unknown>>;
  /** Documented maximum lengths (docs/openapi.json) by field; `tagList[]` is the limit of each item. */
  maxLengths?: Record<string, number>;
}

/** Valid envelopes: the fields' own generators only. */
const validEnvelope = ({ key, fields }: Envelope): fc.Arbitrary<Record<string, Record<string, unknown>>> =>
  fc.record(fields).map((values) => ({ [key]: values }));

/** encodeURIComponent, with lone surrogates (which it refuses) replaced by U+FFFD. */
export const encodeSegment = (text: string): string =>
  encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

const ABSENT = Symbol('absent');

// --- bodies --------------------------------------------------------------------------------------

const json = (label: string) => (value: unknown) => ({
  label,
  contentType: 'application/json',
  text: JSON.stringify(value) ?? 'null',
});

/** One field: kept valid, replaced by a hostile value (a wrong type, a bad string), or left out. */
const mutatedField = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { arbitrary: valid, weight: 3 },
    { arbitrary: hostileValue, weight: 3 },
    { arbitrary: fc.constant(ABSENT), weight: 1 },
  );

const extraEntries: fc.Arbitrary<[string, unknown][]> = fc.oneof(
  { arbitrary: fc.constant<[string, unknown][]>([]), weight: 3 },
  { arbitrary: fc.array(fc.tuple(hostileKey, hostileValue), { minLength: 1, maxLength: 3 }), weight: 2 },
  { arbitrary: pollutionPayload.map((payload): [string, unknown][] => Object.entries(payload as object)), weight: 1 },
);

/** Every field mutated independently. */
const everyFieldMutated = (fields: Envelope['fields']): fc.Arbitrary<[string, unknown][]> =>
  fc.tuple(
    ...Object.entries(fields).map(([name, valid]) =>
      mutatedField(valid).map((value): [string, unknown] => [name, value]),
    ),
  );

/** One field mutated, the others valid: a failure then names that field's handling. */
const oneFieldMutated = (fields: Envelope['fields']): fc.Arbitrary<[string, unknown][]> =>
  fc
    .tuple(
      fc.record(fields),
      fc.constantFrom(...Object.keys(fields)),
      fc.oneof({ arbitrary: hostileString, weight: 3 }, { arbitrary: hostileValue, weight: 2 }),
      fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, fc.constant(true)),
    )
    .map(([valid, name, value, drop]) =>
      Object.entries(valid).map(([field, kept]): [string, unknown] => [
        field,
        field !== name ? kept : drop ? ABSENT : value,
      ]),
    );

/**
 * The valid envelope with mutations at every level: the envelope key renamed or its value of the
 * wrong type, one or every field dropped or replaced, extra and prototype-polluting keys added.
 */
export const mutatedEnvelope = ({ key, fields }: Envelope): fc.Arbitrary<Record<string, unknown>> => {
  const inner = fc
    .tuple(
      fc.oneof({ arbitrary: oneFieldMutated(fields), weight: 2 }, { arbitrary: everyFieldMutated(fields), weight: 1 }),
      extraEntries,
    )
    .map(([entries, extras]) => objectOf([...entries.filter(([, value]) => value !== ABSENT), ...extras]));
  return fc
    .tuple(
      fc.oneof({ arbitrary: fc.constant(key), weight: 8 }, hostileKey),
      fc.oneof({ arbitrary: inner, weight: 8 }, hostileValue),
      extraEntries,
    )
    .map(([envelopeKey, value, extras]) => objectOf([[envelopeKey, value], ...extras]));
};

const INVALID_JSON = [
  '{',
  '}',
  '{"user":',
  '{"user": {"email": "a@b.c"',
  "{'user': {}}",
  '{user: {}}',
  '{"a":1,}',
  '[1,]',
  '{"a":01}',
  '{"a":"\\x41"}',
  '{"a":"\u0000"}',
  '{"a":NaN}',
  '{"a":undefined}',
  '{"__proto__":',
  'undefined',
  'NaN',
  'true',
  'null',
  '1e999',
  '"just a string"',
  '\u0000',
  ' ',
  '\ufeff{}',
  '{}{}',
  '{"a":1} trailing',
];

const invalidJson: fc.Arbitrary<Body> = fc
  .oneof(
    fc.constantFrom(...INVALID_JSON),
    hostileShortString.filter((text) => text.trim() !== ''),
  )
  .map((text) => ({ label: 'invalid JSON', contentType: 'application/json', text }));

/** Nested far deeper than any real body: arrays, objects, and either inside the envelope. */
const deeplyNested = (key: string): fc.Arbitrary<Body> =>
  fc
    .tuple(fc.constantFrom(100, 5_000, 50_000), fc.constantFrom('array', 'object', 'enveloped'))
    .map(([depth, kind]) => {
      const arrays = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      const objects = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const text = kind === 'array' ? arrays : kind === 'object' ? objects : `{"${key}":{"x":${arrays}}}`;
      return { label: `nested ${depth} deep (${kind})`, contentType: 'application/json', text };
    });

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/xml',
  'application/octet-stream',
  'application/jsonx',
  'application/json-patch+json',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=nonsense',
  'APPLICATION/JSON',
  'application/json;;;',
  '*/*',
  'json',
];

/** A well-formed body under a content type that is not JSON (or a JSON one with a bad charset). */
const wrongContentType = (envelope: Envelope): fc.Arbitrary<Body> =>
  fc
    .tuple(fc.constantFrom(...WRONG_CONTENT_TYPES), validEnvelope(envelope), fc.boolean())
    .map(([contentType, valid, asForm]) => ({
      label: `sent as ${contentType}${asForm ? ' (form fields)' : ''}`,
      contentType,
      text: asForm
        ? Object.entries(valid[envelope.key])
            .map(([name, value]) => `${envelope.key}[${name}]=${encodeSegment(String(value))}`)
            .join('&')
        : JSON.stringify(valid),
    }));

/** A body that claims a compression it does not have, or one the server cannot decode. */
const badEncoding = (envelope: Envelope): fc.Arbitrary<Body> =>
  fc
    .tuple(fc.constantFrom('gzip', 'deflate', 'br', 'compress', 'identity, gzip', 'nonsense'), validEnvelope(envelope))
    .map(([contentEncoding, valid]) => ({
      label: `plain JSON sent as Content-Encoding: ${contentEncoding}`,
      contentType: 'application/json',
      contentEncoding,
      text: JSON.stringify(valid),
    }));

const overLimit: fc.Arbitrary<Body> = fc.constant({
  label: 'over the 1 MiB limit',
  contentType: 'application/json',
  text: JSON.stringify({ padding: 'x'.repeat(1_100_000) }),
});

/** A valid envelope but for one field, exactly at (or just over) its documented length in awkward characters. */
const atLengthLimit = ({ key, fields, maxLengths = {} }: Envelope): fc.Arbitrary<Body> =>
  fc
    .tuple(validEnvelope({ key, fields }), fc.constantFrom(...Object.entries(maxLengths)))
    .chain(([valid, [field, limit]]) =>
      atLength(limit).map((text) => {
        const value = field.endsWith('[]') ? { [field.slice(0, -2)]: [text] } : { [field]: text };
        return json(`${field} at its length limit`)({ [key]: { ...valid[key], ...value } });
      }),
    );

/** A valid envelope but for one field, which holds thousands of items (tagList may hold 10). */
const bigArrayField = (envelope: Envelope): fc.Arbitrary<Body> =>
  fc
    .tuple(validEnvelope(envelope), fc.constantFrom(...Object.keys(envelope.fields)), bigArray)
    .map(([valid, field, items]) =>
      json(`${field} a big array`)({ [envelope.key]: { ...valid[envelope.key], [field]: items } }),
    );

/** Any hostile body for an endpoint whose valid body is `envelope`. */
export const hostileBody = (envelope: Envelope): fc.Arbitrary<Body | undefined> =>
  fc.oneof(
    { arbitrary: mutatedEnvelope(envelope).map(json('mutated envelope')), weight: 12 },
    ...(envelope.maxLengths ? [{ arbitrary: atLengthLimit(envelope), weight: 3 }] : []),
    { arbitrary: bigArrayField(envelope), weight: 1 },
    { arbitrary: hostileValue.map(json('any JSON value')), weight: 3 },
    { arbitrary: invalidJson, weight: 2 },
    { arbitrary: deeplyNested(envelope.key), weight: 1 },
    { arbitrary: wrongContentType(envelope), weight: 2 },
    { arbitrary: badEncoding(envelope), weight: 1 },
    { arbitrary: overLimit, weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );

/** For routes that take no body (GET, DELETE, follow, favorite): mostly none, sometimes junk. */
export const strayBody: fc.Arbitrary<Body | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 6 },
  { arbitrary: hostileBody({ key: 'x', fields: { y: fc.string() } }), weight: 1 },
);

// --- query strings -------------------------------------------------------------------------------

const QUERY_VALUES = [
  '1',
  '0',
  '-1',
  '20',
  '100',
  '101',
  '1.5',
  '1e2',
  '0x10',
  '0b1',
  ' 1',
  '1 ',
  '+1',
  '-0',
  '1e30',
  '99999999999999999999',
  '9007199254740993',
  '1000000000',
  '1000000001',
  'NaN',
  'Infinity',
  '-Infinity',
  '',
  'null',
  'true',
  '[]',
  '１', // FULLWIDTH DIGIT ONE
];

const QUERY_KEYS = [
  'limit',
  'offset',
  'tag',
  'author',
  'favorited',
  'limit[]',
  'offset[]',
  'limit[0]',
  'limit[a]',
  'tag[]',
  'author[a]',
  '__proto__',
  '__proto__[fuzzPolluted]',
  'constructor[prototype][fuzzPolluted]',
];

const queryValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...QUERY_VALUES), weight: 4 },
  { arbitrary: fc.integer().map(String), weight: 1 },
  { arbitrary: hostileShortString, weight: 2 },
);

/**
 * A query string of 0-5 pairs, keys repeated (`limit=1&limit=2`), bracketed (`limit[]=1`) or unknown.
 * `keys` are the endpoint's own parameters, favoured over the others.
 */
export const hostileQuery = (keys: readonly string[]): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(
        fc.oneof(
          { arbitrary: keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('q'), weight: 4 },
          { arbitrary: fc.constantFrom(...QUERY_KEYS), weight: 2 },
          { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
        ),
        queryValue,
        fc.boolean(),
      ),
      { maxLength: 5 },
    )
    .map((pairs) =>
      pairs.length === 0
        ? ''
        : `?${pairs
            .map(([key, value, raw]) => {
              // Brackets stay readable in half the keys, as attackers send them; the rest fully encoded.
              const name = raw ? encodeSegment(key).replace(/%5B/g, '[').replace(/%5D/g, ']') : encodeSegment(key);
              return `${name}=${encodeSegment(value)}`;
            })
            .join('&')}`,
    );

// --- path parameters -----------------------------------------------------------------------------

const ODD_SEGMENTS = [
  '..',
  '.',
  '%2e%2e',
  '%2F',
  '%2f',
  'a%2Fb',
  '..%2F..%2Fetc%2Fpasswd',
  '%5C',
  '%00',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%FF',
  '%F0%9F%98%80',
  ';',
  '~',
  '*',
  '%20',
  'null',
  'undefined',
  'feed',
  'favorite',
  'comments',
  '-1',
  '0',
];

/** A path parameter that no real slug, username or id looks like. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...ODD_SEGMENTS), weight: 2 },
  { arbitrary: hostileShortString.map(encodeSegment), weight: 3 },
  {
    // Long, yet with the longest query and token still under Node's 16 KiB limit for the request
    // head (over it, Node itself answers a bare 431 before the app sees anything).
    arbitrary: fc
      .constantFrom('a'.repeat(2000), 'é'.repeat(500), '😀'.repeat(300), '-'.repeat(1000))
      .map(encodeSegment),
    weight: 1,
  },
);

/** A fixture (`refs`) most of the time, a hostile segment otherwise. */
export const pathParam = (...refs: FixtureRef[]): fc.Arbitrary<Segment> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...refs).map((ref): Segment => ({ ref })), weight: 3 },
    { arbitrary: hostileSegment, weight: 2 },
  );

const COMMENT_IDS = [
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x1F',
  '+1',
  '1%20',
  '%201',
  '99999999999999999999',
  '9007199254740993',
  '2147483648',
  '1_000',
  'abc',
  '１',
  'Infinity',
  'NaN',
];

/** A comment id: a real one (yours or another's), or integers and non-integers that are not. */
export const commentIdParam: fc.Arbitrary<Segment> = fc.oneof(
  {
    arbitrary: fc.constantFrom<FixtureRef>('aliceCommentId', 'bobCommentId').map((ref): Segment => ({ ref })),
    weight: 3,
  },
  { arbitrary: fc.constantFrom(...COMMENT_IDS), weight: 2 },
  { arbitrary: fc.integer().map(String), weight: 1 },
  { arbitrary: hostileSegment, weight: 1 },
);

// --- authorization -------------------------------------------------------------------------------

/** The tokens a run can choose from: valid ones for the endpoint's actors, and hostile ones. */
export interface AuthChoices {
  valid: Auth[];
  hostile: Auth[];
}

export const anyAuth = ({ valid, hostile }: AuthChoices): fc.Arbitrary<Auth> =>
  fc.oneof(
    { arbitrary: fc.constant<Auth>({ kind: 'none', label: 'no token' }), weight: 1 },
    { arbitrary: fc.constantFrom(...valid), weight: 6 },
    { arbitrary: fc.constantFrom(...hostile), weight: 3 },
  );

// --- assembling ----------------------------------------------------------------------------------

export interface RequestShape {
  segments: fc.Arbitrary<Segment[]>;
  query?: fc.Arbitrary<string>;
  body?: fc.Arbitrary<Body | undefined>;
  auth: fc.Arbitrary<Auth>;
}

export const fuzzRequest = ({ segments, query, body, auth }: RequestShape): fc.Arbitrary<FuzzRequest> =>
  fc.record({
    auth,
    segments,
    query: query ?? fc.oneof({ arbitrary: fc.constant(''), weight: 4 }, hostileQuery([])),
    body: body ?? strayBody,
  });

/** Fixed segments with parameters in between: `path('api', 'articles', slugArb)`. */
export const path = (...parts: (string | fc.Arbitrary<Segment>)[]): fc.Arbitrary<Segment[]> =>
  fc.tuple(...parts.map((part) => (typeof part === 'string' ? fc.constant<Segment>(part) : part)));
