import { NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { InvalidInputError } from '../../src/common/errors/api-errors';
import { ProfilesService } from '../../src/profiles/profiles.service';
import { createTestApp } from '../support/create-test-app';
import { Fixtures, FixtureUser } from '../support/fuzz/fixtures';
import { FuzzHarness, Target, Violation } from '../support/fuzz/harness';
import { POLLUTION_MARKER } from '../support/fuzz/hostile';
import { errorShapeProblem } from '../support/fuzz/report';
import {
  anyAuth,
  Auth,
  commentIdParam,
  Envelope,
  FuzzRequest,
  fuzzRequest,
  hostileBody,
  hostileQuery,
  path,
  pathParam,
} from '../support/fuzz/requests';
import { createMigratedDatabase, dropDatabase, isMysqlTarget } from '../support/test-database';

/**
 * Property-based fuzzing of every route: about 5 000 malformed and hostile requests (wrong JSON types
 * at every level, missing and extra fields, prototype-polluting keys, huge, unicode and control
 * strings, deep nesting, big arrays, invalid JSON, wrong content types and encodings, odd query and
 * path parameters, forged, tampered and expired tokens) sent one by one to the real app. The harness
 * (test/support/fuzz/harness.ts) checks each answer: no 5xx, every error in the API's error shape, no
 * 2xx for an invalid token, no data changed by a failed write, no prototype pollution.
 *
 * Reproducible: FUZZ_SEED (default 42) fixes every request sent; another value explores other ones.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 42);
const SECRET = process.env.JWT_SECRET as string;

interface FuzzContext {
  fixtures: Fixtures;
  /** Alice or Bob (each a target of the other's requests), no token, or a hostile one. */
  aliceOrBob: fc.Arbitrary<Auth>;
  /** Only these users' valid tokens, no token, or a hostile one. */
  as: (...users: FixtureUser[]) => fc.Arbitrary<Auth>;
}

interface Route extends Target {
  requests: (context: FuzzContext) => fc.Arbitrary<FuzzRequest>;
}

/** The endpoints' own query parameters, favoured by the query generator. */
const LIST_KEYS = ['limit', 'offset', 'tag', 'author', 'favorited'];
const PAGE_KEYS = ['limit', 'offset'];

/**
 * Valid field values: a mutated body keeps some of them, so that the hostile ones are what is tested.
 * `maxLengths` are the limits docs/openapi.json documents.
 */
const title = fc.oneof(fc.constant('Fuzzing for fun'), fc.string({ minLength: 1, maxLength: 30 }));
const text = fc.oneof(fc.constant('Some text'), fc.string({ minLength: 1, maxLength: 60 }));
const tagList = fc.array(fc.constantFrom('fuzz', 'dragons', 'React', ' spaced '), { maxLength: 4 });

const login = ({ alice }: Fixtures): Envelope => ({
  key: 'user',
  fields: { email: fc.constant(alice.email), password: fc.constant(alice.password) },
  maxLengths: { email: 254, password: 128 },
});
const registration: Envelope = {
  key: 'user',
  fields: {
    username: fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/),
    email: fc.oneof(
      fc.emailAddress(),
      fc.nat().map((n) => `fuzz${n}@example.com`),
    ),
    password: fc.oneof(fc.constant('correct horse battery'), fc.string({ minLength: 8, maxLength: 20 })),
  },
  maxLengths: { username: 32, email: 254, password: 128 },
};
/** Carol's update: her own or someone else's username and email (a 409), bio and image set or cleared. */
const userUpdate = ({ alice, bob, carol }: Fixtures): Envelope => ({
  key: 'user',
  fields: {
    bio: fc.oneof(text, fc.constant(null), fc.constant('')),
    image: fc.oneof(fc.constant('https://example.com/avatar.png'), fc.webUrl(), fc.constant(null)),
    username: fc.constantFrom(carol.username, alice.username.toUpperCase()),
    email: fc.constantFrom(carol.email, bob.email),
  },
  maxLengths: { bio: 2000, image: 2048, username: 32 },
});
const article: Envelope = {
  key: 'article',
  fields: { title, description: text, body: text, tagList },
  maxLengths: { title: 200, description: 500, body: 16_000, 'tagList[]': 40 },
};
const comment: Envelope = { key: 'comment', fields: { body: text }, maxLengths: { body: 5000 } };

const slug = pathParam('aliceSlug', 'bobSlug');
const username = pathParam('aliceName', 'bobName');

/** Every route of the README's Endpoints table, and the health probes. */
const ROUTES: Route[] = [
  {
    name: 'POST /api/users/login',
    method: 'POST',
    runs: 250,
    requests: ({ fixtures, as }) =>
      fuzzRequest({
        segments: path('api', 'users', 'login'),
        body: hostileBody(login(fixtures)),
        auth: as(fixtures.alice),
      }),
  },
  {
    name: 'POST /api/users',
    method: 'POST',
    runs: 250,
    requests: ({ fixtures, as }) =>
      fuzzRequest({ segments: path('api', 'users'), body: hostileBody(registration), auth: as(fixtures.alice) }),
  },
  {
    name: 'GET /api/user',
    method: 'GET',
    runs: 200,
    requests: ({ aliceOrBob }) => fuzzRequest({ segments: path('api', 'user'), auth: aliceOrBob }),
  },
  {
    name: 'PUT /api/user',
    method: 'PUT',
    runs: 300,
    // Carol only: alice and bob keep their names, which the other routes' paths use.
    requests: ({ fixtures, as }) =>
      fuzzRequest({ segments: path('api', 'user'), body: hostileBody(userUpdate(fixtures)), auth: as(fixtures.carol) }),
  },
  {
    name: 'GET /api/profiles/:username',
    method: 'GET',
    runs: 200,
    requests: ({ aliceOrBob }) => fuzzRequest({ segments: path('api', 'profiles', username), auth: aliceOrBob }),
  },
  {
    name: 'POST /api/profiles/:username/follow',
    method: 'POST',
    runs: 250,
    requests: ({ aliceOrBob }) =>
      fuzzRequest({ segments: path('api', 'profiles', username, 'follow'), auth: aliceOrBob }),
  },
  {
    name: 'DELETE /api/profiles/:username/follow',
    method: 'DELETE',
    runs: 250,
    requests: ({ aliceOrBob }) =>
      fuzzRequest({ segments: path('api', 'profiles', username, 'follow'), auth: aliceOrBob }),
  },
  {
    name: 'GET /api/articles',
    method: 'GET',
    runs: 300,
    requests: ({ aliceOrBob }) =>
      fuzzRequest({ segments: path('api', 'articles'), query: hostileQuery(LIST_KEYS), auth: aliceOrBob }),
  },
  {
    name: 'GET /api/articles/feed',
    method: 'GET',
    runs: 200,
    requests: ({ aliceOrBob }) =>
      fuzzRequest({ segments: path('api', 'articles', 'feed'), query: hostileQuery(PAGE_KEYS), auth: aliceOrBob }),
  },
  {
    name: 'GET /api/articles/:slug',
    method: 'GET',
    runs: 200,
    requests: ({ aliceOrBob }) => fuzzRequest({ segments: path('api', 'articles', slug), auth: aliceOrBob }),
  },
  {
    name: 'POST /api/articles',
    method: 'POST',
    runs: 300,
    requests: ({ aliceOrBob }) =>
      fuzzRequest({ segments: path('api', 'articles'), body: hostileBody(article), auth: aliceOrBob }),
  },
  {
    name: 'PUT /api/articles/:slug',
    method: 'PUT',
    runs: 300,
    requests: ({ aliceOrBob }) =>
      fuzzRequest({ segments: path('api', 'articles', slug), body: hostileBody(article), auth: aliceOrBob }),
  },
  {
    name: 'DELETE /api/articles/:slug',
    method: 'DELETE',
    runs: 250,
    requests: ({ aliceOrBob }) => fuzzRequest({ segments: path('api', 'articles', slug), auth: aliceOrBob }),
  },
  {
    name: 'POST /api/articles/:slug/favorite',
    method: 'POST',
    runs: 250,
    requests: ({ aliceOrBob }) =>
      fuzzRequest({ segments: path('api', 'articles', slug, 'favorite'), auth: aliceOrBob }),
  },
  {
    name: 'DELETE /api/articles/:slug/favorite',
    method: 'DELETE',
    runs: 250,
    requests: ({ aliceOrBob }) =>
      fuzzRequest({ segments: path('api', 'articles', slug, 'favorite'), auth: aliceOrBob }),
  },
  {
    name: 'GET /api/articles/:slug/comments',
    method: 'GET',
    runs: 250,
    requests: ({ aliceOrBob }) =>
      fuzzRequest({
        segments: path('api', 'articles', slug, 'comments'),
        query: hostileQuery(PAGE_KEYS),
        auth: aliceOrBob,
      }),
  },
  {
    name: 'POST /api/articles/:slug/comments',
    method: 'POST',
    runs: 300,
    requests: ({ aliceOrBob }) =>
      fuzzRequest({
        segments: path('api', 'articles', slug, 'comments'),
        body: hostileBody(comment),
        auth: aliceOrBob,
      }),
  },
  {
    name: 'DELETE /api/articles/:slug/comments/:id',
    method: 'DELETE',
    runs: 300,
    requests: ({ aliceOrBob }) =>
      fuzzRequest({ segments: path('api', 'articles', slug, 'comments', commentIdParam), auth: aliceOrBob }),
  },
  {
    name: 'GET /api/tags',
    method: 'GET',
    runs: 150,
    requests: ({ aliceOrBob }) => fuzzRequest({ segments: path('api', 'tags'), auth: aliceOrBob }),
  },
  {
    name: 'GET /health',
    method: 'GET',
    runs: 150,
    terminus: true,
    requests: ({ aliceOrBob }) => fuzzRequest({ segments: path('health'), auth: aliceOrBob }),
  },
  {
    name: 'GET /health/live',
    method: 'GET',
    runs: 150,
    requests: ({ aliceOrBob }) => fuzzRequest({ segments: path('health', 'live'), auth: aliceOrBob }),
  },
];

/** One entry per distinct problem and kind of request, with the first request that showed it. */
function summarize(violations: Violation[]): string[] {
  const first = new Map<string, Violation>();
  for (const violation of violations) {
    for (const problem of violation.problems) {
      const key = `${problem.replace(/\d+ → \d+ rows|\(\d+ rows\)/g, '')} [${violation.kind}]`;
      if (!first.has(key)) {
        first.set(key, violation);
      }
    }
  }
  return [...first].map(([key, { run, request, answer }]) => `${key}\n  run ${run}: ${request}\n  answer: ${answer}`);
}

describe(`Fuzzing every endpoint (e2e, FUZZ_SEED=${SEED})`, () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let harness: FuzzHarness;
  let context: FuzzContext;
  let databaseName: string | undefined;
  let previousDatabaseName: string | undefined;
  const startedAt = Date.now();

  beforeAll(async () => {
    // Its own database on MySQL/MariaDB: the data-change check must not see other suites' writes.
    if (isMysqlTarget()) {
      databaseName = await createMigratedDatabase('fuzz');
      previousDatabaseName = process.env.DB_NAME;
      process.env.DB_NAME = databaseName;
    }
    app = await createTestApp();
    dataSource = app.get(DataSource);
    const fixtures = await Fixtures.create(app, dataSource);
    const hostile = fixtures.hostileAuths(SECRET);
    const as = (...users: FixtureUser[]) => anyAuth({ valid: users.map((user) => fixtures.auth(user)), hostile });
    context = { fixtures, as, aliceOrBob: as(fixtures.alice, fixtures.bob) };
    harness = new FuzzHarness(app, dataSource, fixtures);
  }, 60_000);

  afterAll(async () => {
    if (harness) {
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      console.log(
        `Fuzzed with FUZZ_SEED=${SEED} on ${process.env.DB_TYPE}: ${harness.tally.total} requests in ${seconds} s, ` +
          `by endpoint and status:\n${harness.tally.table()}`,
      );
    }
    await app?.close();
    if (databaseName) {
      process.env.DB_NAME = previousDatabaseName;
      await dropDatabase(databaseName);
    }
  });

  it('should notice a failed write that changed data, and prototype pollution (the harness checking itself)', async () => {
    const { alice } = context.fixtures;
    const profiles = app.get(ProfilesService);
    const planted = jest.spyOn(profiles, 'follow').mockImplementation(async () => {
      await dataSource.query('UPDATE users SET bio = ? WHERE id = ?', [`planted ${Date.now()}`, alice.id]);
      // Not enumerable, so that the app's own for-in loops (prom-client's labels) do not trip over it.
      Object.defineProperty(Object.prototype, POLLUTION_MARKER, { value: true, configurable: true });
      throw new InvalidInputError({ username: ['a planted failure'] });
    });
    const selfCheck = new FuzzHarness(app, dataSource, context.fixtures);
    const follow: FuzzRequest = {
      auth: context.fixtures.auth(alice),
      segments: ['api', 'profiles', { ref: 'bobName' }, 'follow'],
      query: '',
    };

    try {
      const violations = await selfCheck.fuzz(
        { name: 'self-check', method: 'POST', runs: 1 },
        fc.constant(follow),
        SEED,
      );

      expect(violations.map(({ problems }) => problems)).toEqual([
        [
          expect.stringMatching(/^a failed POST changed the data: users: rows changed/),
          `Object.prototype.${POLLUTION_MARKER} was set`,
        ],
      ]);
    } finally {
      planted.mockRestore();
    }
    expect(({} as Record<string, unknown>)[POLLUTION_MARKER]).toBeUndefined();
  });

  it.each<[string, unknown, string | undefined]>([
    ['a field', { errors: { title: ["can't be blank"] } }, undefined],
    ['several keys and messages', { errors: { email: ['has already been taken'], username: ['a', 'b'] } }, undefined],
    ['the general key', { errors: { body: ['is not valid JSON: Unexpected end'] } }, undefined],
    ['no key', { errors: {} }, 'not {"errors"'],
    ['an empty list', { errors: { title: [] } }, 'not {"errors"'],
    ['an empty message', { errors: { title: [''] } }, 'not {"errors"'],
    ['a message that is not a string', { errors: { title: [42] } }, 'not {"errors"'],
    ['a list that is not an array', { errors: { title: "can't be blank" } }, 'not {"errors"'],
    ['errors as an array', { errors: ['x'] }, 'not {"errors"'],
    ['a key beside errors', { errors: { title: ['x'] }, stack: 'y' }, 'not {"errors"'],
    ["Nest's own shape", { statusCode: 404, message: 'Not Found' }, 'not {"errors"'],
    ['a stack trace', { errors: { body: ['Error: x\n    at Object.<anonymous> (a.js:1:1)'] } }, 'leaks internals'],
    ['a driver error', { errors: { body: ['SQLITE_CONSTRAINT: UNIQUE constraint failed'] } }, 'leaks internals'],
    ['a key that is a path', { errors: { 'user.email': ['is invalid'] } }, "not in the spec's form"],
    ['a message repeating its key', { errors: { email: ['email is invalid'] } }, "not in the spec's form"],
  ])('should tell the error shape from anything else: %s (the harness checking itself)', (_case, body, problem) => {
    const answer = { status: 422, contentType: 'application/json; charset=utf-8', body, text: JSON.stringify(body) };

    expect(errorShapeProblem(answer)).toEqual(problem === undefined ? undefined : expect.stringContaining(problem));
  });

  it.each(ROUTES.map((route, index) => ({ ...route, seed: SEED + index })))(
    'should answer hostile requests to $name safely (seed $seed)',
    async ({ requests, seed, ...target }) => {
      const violations = await harness.fuzz(target, requests(context), seed);

      expect(summarize(violations)).toEqual([]);
    },
    60_000,
  );
});
