import fc from 'fast-check';

/**
 * Hostile values for fuzzing: the building blocks of the request generators in requests.ts. Nothing
 * here knows about the API; the endpoints' valid shapes come from the spec file.
 */

/** Longer than every text limit of the API (the longest, an article body, is 16 000 characters). */
export const HUGE_LENGTH = 20_000;

/** Set on Object.prototype by a successful prototype-pollution payload; checked after every request. */
export const POLLUTION_MARKER = 'fuzzPolluted';

/**
 * "Characters" that are not one UTF-16 unit, one code point and one grapheme all at once, or that are
 * invisible, control or syntax characters: a length limit counted in one unit and stored in another
 * shows up when these are repeated up to a limit.
 */
const AWKWARD_CHARACTERS = [
  'a',
  'é', // U+00E9: one code point, two UTF-8 bytes
  'e\u0301', // e + combining acute: two code points, one grapheme
  '😀', // U+1F600: two UTF-16 units, four UTF-8 bytes
  '👍🏽', // emoji + skin tone modifier: four UTF-16 units, one grapheme
  'a\uFE0F', // a + variation selector-16
  '\u200b', // zero-width space
  '\u202e', // right-to-left override
  '\u0000',
  '\u001b',
  '\n',
  ' ',
  '"',
  '\\',
  "'",
  '%',
  '/',
];

/** Lengths on both sides of the API's limits (usernames 32, tags 40, passwords 128, ...). */
const BOUNDARY_LENGTHS = [
  1, 2, 31, 32, 33, 39, 40, 41, 99, 100, 101, 127, 128, 129, 199, 200, 201, 254, 255, 499, 500, 501, 1999, 2000, 2001,
  2048, 2049, 4999, 5000, 5001, 15_999, 16_000, 16_001,
];

const repeatedToBoundary = fc
  .tuple(fc.constantFrom(...AWKWARD_CHARACTERS), fc.constantFrom(...BOUNDARY_LENGTHS))
  .map(([character, length]) => character.repeat(length));

/**
 * Characters whose count differs by unit: UTF-16 units, code points, graphemes, UTF-8 bytes. The
 * validator, the JSON parser and the database column may each count a length limit differently.
 */
const MULTI_UNIT_CHARACTERS = ['a', 'é', 'e\u0301', '😀', '👍🏽', 'a\uFE0F', '😀\uFE0F'];

/** A string of exactly `limit` (sometimes `limit + 1`) characters of one of those kinds. */
export const atLength = (limit: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(...MULTI_UNIT_CHARACTERS),
      fc.oneof({ arbitrary: fc.constant(limit), weight: 3 }, fc.constant(limit + 1)),
    )
    .map(([character, length]) => character.repeat(length));

/** Classic troublemakers: injection text, number-like and keyword-like strings, huge strings. */
const KNOWN_BAD_STRINGS = [
  '',
  ' ',
  '\t\r\n',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '0',
  '-1',
  '1e309',
  'true',
  '[]',
  '{}',
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  '%',
  '%00',
  '%s%s%s%n',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '\ud800', // a lone surrogate: not valid UTF-16
  '\uffff',
  '\ufeff',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 𓂀',
  'jake@example.com',
  'JAKE@EXAMPLE.COM ',
  'a@b',
  'https://example.com/a.png',
  'javascript:alert(1)',
  'x'.repeat(HUGE_LENGTH),
  '😀'.repeat(HUGE_LENGTH / 2),
];

/** Any UTF-16 code units, lone surrogates included: not always valid Unicode. */
const utf16Units = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) });

const controlCharacters = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
});

/** Short strings, for URLs: every string here percent-encodes to a few kilobytes at most. */
export const hostileShortString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  utf16Units,
  controlCharacters,
  fc.constantFrom(...KNOWN_BAD_STRINGS.filter((text) => text.length <= 100)),
  fc
    .tuple(fc.constantFrom(...AWKWARD_CHARACTERS), fc.constantFrom(1, 32, 33, 40, 41, 200, 201))
    .map(([c, n]) => c.repeat(n)),
);

/** Text with a lone surrogate in it: JavaScript strings allow it, UTF-8 and many libraries do not. */
const brokenUnicode = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'),
    fc.string({ maxLength: 10 }),
  )
  .map(([before, surrogate, after]) => `${before}${surrogate}${after}`);

/** Any string a client could send in a JSON body: short, unicode, control, boundary-length or huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: hostileShortString, weight: 4 },
  { arbitrary: brokenUnicode, weight: 1 },
  { arbitrary: repeatedToBoundary, weight: 2 },
  { arbitrary: fc.constantFrom(...KNOWN_BAD_STRINGS), weight: 2 },
);

const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, 1e30, 1e308, 5e-324, -1e308),
);

/** Names of keys that mean something to JavaScript, to ORMs, or to this API. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'hasOwnProperty',
    'id',
    'token',
    'admin',
    'role',
    'passwordHash',
    'password_hash',
    'authorId',
    'author_id',
    'author',
    'favoritesCount',
    'favorited',
    'createdAt',
    'slug',
    'email',
    'username',
    'password',
    'bio',
    'image',
    'title',
    'description',
    'body',
    'tagList',
    '',
  ),
  fc.string({ maxLength: 12 }),
);

/** Objects built with Object.fromEntries keep `__proto__` as an own key, so JSON.stringify sends it. */
export const objectOf = (entries: [string, unknown][]): Record<string, unknown> => Object.fromEntries(entries);

/** Payloads that would set POLLUTION_MARKER on Object.prototype if the server merged them unsafely. */
export const pollutionPayload: fc.Arbitrary<unknown> = fc.constantFrom(
  objectOf([['__proto__', { [POLLUTION_MARKER]: true }]]),
  objectOf([['constructor', { prototype: { [POLLUTION_MARKER]: true } }]]),
  objectOf([['prototype', { [POLLUTION_MARKER]: true }]]),
);

/** A big array: far over tagList's 10 items, under the 1 MiB body limit. */
export const bigArray: fc.Arbitrary<unknown[]> = fc.constantFrom(
  Array.from({ length: 10_000 }, (_, i) => `tag${i}`),
  Array.from({ length: 10_000 }, () => 'same'),
  Array.from({ length: 50_000 }, (_, i) => i),
  Array.from({ length: 10_000 }, () => null),
);

/** Any JSON value, nested a few levels, with hostile keys and strings at every level. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: fc.constant(null), weight: 3 },
    { arbitrary: fc.boolean(), weight: 2 },
    { arbitrary: hostileNumber, weight: 2 },
    { arbitrary: hostileString, weight: 4 },
    { arbitrary: fc.array(tie('value'), { maxLength: 4 }), weight: 2 },
    { arbitrary: fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 }).map(objectOf), weight: 2 },
    { arbitrary: pollutionPayload, weight: 1 },
    { arbitrary: bigArray, weight: 1 },
  ),
})).value;
