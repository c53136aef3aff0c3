import { AddressInfo } from 'node:net';
import { NestExpressApplication } from '@nestjs/platform-express';
import mysql from 'mysql2';
import { DataSource } from 'typeorm';
import { createFloorServer, FloorServer } from '../../scripts/bench/floor/floor';
import { parseEnv } from '../../src/config/env.validation';
import { counterProblems } from '../../src/database/backup/consistency';
import { api, createArticle, createComment, follow, registerUser, RegisteredUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { unique } from '../support/factories';
import { createMigratedDatabase, dropDatabase, isMysqlTarget } from '../support/test-database';
import { withEnv } from '../support/env';

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
  /** Every statement sent to the database while answering, as the final text mysql2 sent. */
  statements: string[];
}

interface Call {
  method?: 'GET' | 'POST';
  path: string;
  token?: string;
  body?: object;
}

type Formats = (this: unknown, sql: unknown, values?: unknown) => string;
type Executes = (this: unknown, sql: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * Every statement sent while `call` runs, the server's and the floor's alike, as mysql2's final text
 * with the values in place: a text query's as mysql2 formats it, a prepared statement's (`execute`,
 * values sent apart) formatted the same way, so the protocol does not hide a difference in values.
 */
async function recorded(call: () => Promise<Omit<Answer, 'statements'>>): Promise<Answer> {
  let connection = mysql.Connection.prototype as object;
  while (!Object.hasOwn(connection, 'format')) {
    connection = Object.getPrototypeOf(connection) as object;
  }
  const methods = connection as { format: Formats; execute: Executes };
  const { format, execute } = methods;
  const statements: string[] = [];
  const formats = jest.spyOn(methods, 'format').mockImplementation(function (this: unknown, sql, values) {
    const text = format.call(this, sql, values);
    statements.push(text);
    return text;
  });
  const executes = jest.spyOn(methods, 'execute').mockImplementation(function (this: unknown, sql, values, callback) {
    const options = typeof sql === 'object' ? (sql as { sql: unknown; values?: unknown }) : { sql, values };
    const bound = typeof options.values === 'function' ? [] : (options.values ?? []);
    statements.push(format.call(this, options.sql, bound));
    return execute.call(this, sql, values, callback);
  });
  try {
    return { ...(await call()), statements };
  } finally {
    formats.mockRestore();
    executes.mockRestore();
  }
}

/**
 * The benchmark's raw floor (scripts/bench/floor) against the server on one MariaDB database: every
 * route it serves must answer the same status, content type and bytes, having sent the database the
 * same statements, so the bench's "× floor" compares the same work.
 */
(isMysqlTarget() ? describe : describe.skip)('Raw floor server (bench)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let databaseName: string;
  let floor: FloorServer;
  let floorUrl: string;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  let carol: RegisteredUser;
  let dave: RegisteredUser;
  let tag: string;
  let slugs: string[];

  const ours = (call: Call): Promise<Answer> =>
    recorded(async () => {
      const client = api(app);
      const request = call.method === 'POST' ? client.post(call.path, call.token) : client.get(call.path, call.token);
      const res = await (call.body === undefined ? request : request.send(call.body));
      return { status: res.status, contentType: res.headers['content-type'], body: res.text };
    });

  const floors = (call: Call): Promise<Answer> =>
    recorded(async () => {
      const res = await fetch(`${floorUrl}${call.path}`, {
        method: call.method ?? 'GET',
        headers: {
          ...(call.token ? { authorization: `Token ${call.token}` } : {}),
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
      });
      return { status: res.status, contentType: res.headers.get('content-type') ?? undefined, body: await res.text() };
    });

  beforeAll(async () => {
    databaseName = await createMigratedDatabase('floor');
    app = await withEnv({ DB_NAME: databaseName }, () => createTestApp());
    dataSource = app.get(DataSource);
    const env = parseEnv({ ...process.env, DB_NAME: databaseName });
    floor = createFloorServer({
      database: {
        host: env.DB_HOST,
        port: env.DB_PORT,
        user: env.DB_USER,
        password: env.DB_PASSWORD ?? '',
        database: databaseName,
        connectionLimit: 4,
      },
      jwt: {
        secret: env.JWT_SECRET!,
        issuer: env.JWT_ISSUER,
        audience: env.JWT_AUDIENCE,
        clockToleranceSeconds: env.JWT_CLOCK_TOLERANCE_S,
      },
    });
    await new Promise<void>((resolve) => floor.server.listen(0, '127.0.0.1', resolve));
    floorUrl = `http://127.0.0.1:${(floor.server.address() as AddressInfo).port}`;

    [alice, bob, carol, dave] = [
      await registerUser(app),
      await registerUser(app),
      await registerUser(app),
      await registerUser(app),
    ];
    tag = `floor${unique()}`;
    slugs = [];
    for (let i = 0; i < 25; i++) {
      const tagList = [tag, `other${i % 3}`, ...(i % 5 === 0 ? ['Zeta', 'alpha'] : [])];
      slugs.push((await createArticle(app, i % 4 === 3 ? carol : alice, { tagList })).slug);
    }
    await follow(app, bob, alice);
    await follow(app, bob, carol);
    for (const slug of slugs.slice(0, 12)) {
      await api(app).post(`/api/articles/${slug}/favorite`, bob.token).expect(200);
    }
    for (let i = 0; i < 7; i++) {
      await createComment(app, slugs[1], i % 2 === 0 ? carol : alice);
    }
  });

  afterAll(async () => {
    await floor?.close();
    await app?.close();
    if (databaseName) {
      await dropDatabase(databaseName);
    }
  });

  const expectSameAnswer = async (call: Call) => {
    const [expected, actual] = [await ours(call), await floors(call)];

    expect({ call, ...actual }).toEqual({ call, ...expected });
    // The recording works: an answer from the database came with its statements.
    expect(expected.status !== 200 || expected.statements.length > 0).toBe(true);
  };

  const readPaths = (): string[] => [
    '/api/articles',
    '/api/articles?limit=5&offset=3',
    '/api/articles?limit=1',
    '/api/articles?offset=24',
    '/api/articles?offset=10000',
    `/api/articles?tag=${tag}`,
    `/api/articles?tag=${tag.toUpperCase()}&limit=3&offset=2`,
    '/api/articles?tag=alpha',
    '/api/articles?tag=no-such-tag',
    `/api/articles?author=${alice.username}`,
    `/api/articles?author=${alice.username.toUpperCase()}&offset=100`,
    '/api/articles?author=nobody-at-all',
    `/api/articles?favorited=${bob.username}`,
    `/api/articles?favorited=${dave.username}`,
    `/api/articles?tag=${tag}&author=${carol.username}`,
    `/api/articles?tag=other1&favorited=${bob.username}`,
    `/api/articles?author=${alice.username}&favorited=${bob.username}&limit=2`,
    `/api/articles?tag=${tag}&author=${alice.username}&favorited=${bob.username}`,
    '/api/articles/feed',
    '/api/articles/feed?limit=1',
    '/api/articles/feed?limit=2&offset=20',
    '/api/articles/feed?offset=500',
    `/api/articles/${slugs[0]}`,
    `/api/articles/${slugs[3]}`,
    '/api/articles/no-such-article',
    `/api/articles/${slugs[1]}/comments`,
    `/api/articles/${slugs[1]}/comments?limit=2&offset=3`,
    `/api/articles/${slugs[2]}/comments`,
    '/api/articles/no-such-article/comments',
    `/api/profiles/${alice.username}`,
    `/api/profiles/${carol.username.toUpperCase()}`,
    `/api/profiles/${dave.username}`,
    '/api/profiles/nobody-at-all',
    '/api/tags',
  ];

  it.each([
    ['anonymous', () => undefined],
    ['signed in, following and favoriting', () => bob.token],
    ['signed in, following nobody', () => dave.token],
  ])('should answer every read as the server does (%s)', async (_who, token) => {
    for (const path of readPaths()) {
      await expectSameAnswer({ path, token: token() });
    }
  });

  it('should refuse a bad token as the server does', async () => {
    await expectSameAnswer({ path: '/api/articles', token: `${bob.token}x` });
    await expectSameAnswer({ path: '/api/articles/feed', token: 'not-a-jwt' });
  });

  /** A write's answer and statements, with what must differ between two writes (slugs, times, ids) masked. */
  const masked = (answer: Answer) => {
    const { article } = JSON.parse(answer.body) as { article: { slug: string } };
    const mask = (text: string) =>
      text
        .replaceAll(article.slug, '<slug>')
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>')
        .replace(/'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}'/g, '<time>')
        .replace(/\b(a\.id|id|articleId|article_id) = \d+/g, '$1 = <id>')
        .replace(/VALUES \(\d+, \d+,/g, 'VALUES (<ids>,');
    return {
      status: answer.status,
      contentType: answer.contentType,
      body: mask(answer.body),
      statements: answer.statements.map(mask),
    };
  };

  it('should create an article in the same transaction and answer alike', async () => {
    const article = { title: 'Floor write', description: ' Same ', body: 'b', tagList: ['Zeta', 'alpha', ' new '] };
    const call: Call = { method: 'POST', path: '/api/articles', token: dave.token, body: { article } };
    const [expected, actual] = [await ours(call), await floors(call)];

    expect(expected.status).toBe(201);
    expect(masked(actual)).toEqual(masked(expected));
  });

  it('should favorite an article in the same transaction and answer alike, a repeat too', async () => {
    const twin = { title: 'Twin', description: 'd', body: 'b', tagList: [tag] };
    const [first, second] = [await createArticle(app, alice, twin), await createArticle(app, alice, twin)];
    for (let repeat = 0; repeat < 2; repeat++) {
      const expected = await ours({ method: 'POST', path: `/api/articles/${first.slug}/favorite`, token: dave.token });
      const actual = await floors({ method: 'POST', path: `/api/articles/${second.slug}/favorite`, token: dave.token });

      expect(expected.status).toBe(200);
      expect(masked(actual)).toEqual(masked(expected));
    }
  });

  it('should leave every counter matching its rows after the floor’s writes, which the server then lists', async () => {
    await expectSameAnswer({ path: `/api/articles?favorited=${dave.username}`, token: dave.token });
    await expectSameAnswer({ path: `/api/articles?author=${dave.username}` });
    await expectSameAnswer({ path: '/api/tags' });

    expect(await counterProblems(dataSource)).toEqual([]);
  });
});
