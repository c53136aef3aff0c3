import { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Agent, request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { LifecycleService } from '../../src/lifecycle/lifecycle.service';
import { PasswordService } from '../../src/auth/password.service';
import { TagsService } from '../../src/tags/tags.service';
import { api, errorShape } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { aUser } from '../support/factories';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain Node.js HTTP call, so the test controls the connection (keep-alive agent or a new socket). */
function call(port: number, method: string, path: string, options: { agent?: Agent; json?: unknown } = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const payload = options.json === undefined ? undefined : JSON.stringify(options.json);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: options.agent,
        headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('Operations: health, request ids, metrics, graceful drain (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('health', () => {
    it('should answer liveness without checking anything, outside the /api prefix and without a token', async () => {
      const res = await api(app).get('/health/live').expect(200);

      expect(res.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
      await api(app).get('/api/health/live').expect(404);
    });

    it('should report the database and the server as up', async () => {
      const res = await api(app).get('/health').expect(200);

      expect(res.body).toEqual(
        expect.objectContaining({
          status: 'ok',
          details: { database: { status: 'up' }, server: { status: 'up' } },
        }),
      );
    });

    it('should answer 503 with details when the database does not answer', async () => {
      const dataSource = app.get<DataSource>(getDataSourceToken());
      const ping = jest
        .spyOn(dataSource, 'query')
        .mockRejectedValue(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' }));

      try {
        const res = await api(app).get('/health').expect(503);

        expect(res.body).toEqual(
          expect.objectContaining({
            status: 'error',
            error: { database: expect.objectContaining({ status: 'down' }) },
            details: expect.objectContaining({ server: { status: 'up' } }),
          }),
        );
      } finally {
        ping.mockRestore();
      }
      await api(app).get('/health').expect(200);
    });
  });

  it('should answer API calls with a 503 in the error shape and a Retry-After while the database is unreachable', async () => {
    const unreachable = await createTestApp((builder) =>
      builder.overrideProvider(TagsService).useValue({
        popular: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
      }),
    );
    try {
      const res = await api(unreachable).get('/api/tags').expect(503);

      expect(res.body).toEqual(errorShape({ body: 'database is unavailable, try again shortly' }));
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await unreachable.close();
    }
  });

  describe('request id', () => {
    it('should echo a caller-supplied X-Request-Id', async () => {
      const res = await api(app).get('/api/tags').set('X-Request-Id', 'trace-42.a:b@c').expect(200);

      expect(res.headers['x-request-id']).toBe('trace-42.a:b@c');
    });

    it.each([
      ['absent', undefined],
      ['with spaces', 'two words'],
      ['too long', 'x'.repeat(129)],
      ['forging a log line', 'id"}\\n{"level":60'],
    ])('should generate a UUID when the given id is %s', async (_case, given) => {
      const req = api(app).get('/api/tags');
      const res = await (given === undefined ? req : req.set('X-Request-Id', given)).expect(200);

      expect(res.headers['x-request-id']).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    });

    it('should give body-parser rejections an id too', async () => {
      const res = await api(app)
        .post('/api/users')
        .set('Content-Type', 'application/json')
        .send('{"user":')
        .expect(400);

      expect(res.headers['x-request-id']).toEqual(expect.any(String));
    });
  });

  describe('metrics', () => {
    it('should count requests by method, route pattern and status in Prometheus text format', async () => {
      const before = await api(app).get('/metrics').expect(200);
      await api(app).get('/api/profiles/nobody-at-all').expect(404);
      await api(app).get('/no/such/route').expect(404);

      const res = await api(app).get('/metrics').expect(200);

      expect(res.headers['content-type']).toMatch(/^text\/plain;/);
      expect(res.headers['content-type']).toContain('version=0.0.4');
      expect(res.headers['cache-control']).toBe('no-store');
      const count = (text: string, labels: string) =>
        Number(new RegExp(`^http_requests_total\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      expect(count(res.text, 'method="GET",route="/api/profiles/:username",status="404"')).toBe(
        count(before.text, 'method="GET",route="/api/profiles/:username",status="404"') + 1,
      );
      expect(count(res.text, 'method="GET",route="unmatched",status="404"')).toBeGreaterThanOrEqual(1);
      expect(res.text).not.toContain('nobody-at-all');
      expect(res.text).not.toContain('/no/such/route');
      expect(res.text).toMatch(
        /^http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/profiles\/:username",status="404"\} \d+$/m,
      );
    });

    it('should report event-loop lag, heap, the database pool and password hashing', async () => {
      const res = await api(app).get('/metrics').expect(200);

      for (const name of [
        'nodejs_eventloop_lag_seconds',
        'nodejs_heap_size_used_bytes',
        'process_resident_memory_bytes',
        'db_pool_max_connections',
        'db_pool_connections{state="in_use"}',
        'db_pool_connections{state="idle"}',
        'db_pool_waiting_requests',
        'password_hashes_waiting',
        'password_hash_fallbacks_total',
        'password_hash_refused_total',
      ]) {
        expect(res.text).toMatch(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} [0-9.e+-]+$`, 'm'));
      }
    });
  });

  describe('graceful drain', () => {
    it('should finish the request in flight, close keep-alive connections, then stop accepting', async () => {
      const server = await createTestApp();
      await server.listen(0, '127.0.0.1');
      const { port } = server.getHttpServer().address() as AddressInfo;
      const lifecycle = server.get(LifecycleService);
      const passwords = server.get(PasswordService);
      const idleClient = new Agent({ keepAlive: true, maxSockets: 1 });
      let started!: () => void;
      const hashing = new Promise<void>((resolve) => (started = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const hash = passwords.hash.bind(passwords);
      jest.spyOn(passwords, 'hash').mockImplementation(async (password: string) => {
        started();
        await released;
        return hash(password);
      });

      try {
        const warmUp = await call(port, 'GET', '/health/live', { agent: idleClient });
        expect(warmUp.headers.connection).toBe('keep-alive');
        const registration = call(port, 'POST', '/api/users', { json: { user: aUser() } });
        await hashing;

        const drained = lifecycle.drain(server.getHttpServer());
        const duringDrain = await call(port, 'GET', '/health', { agent: idleClient });
        release();
        const registered = await registration;
        await drained;

        expect(duringDrain.status).toBe(503);
        expect(JSON.parse(duringDrain.body)).toEqual(
          expect.objectContaining({ error: { server: { status: 'down', draining: true } } }),
        );
        expect(duringDrain.headers.connection).toBe('close');
        expect(registered.status).toBe(201);
        expect(registered.headers.connection).toBe('close');
        await expect(call(port, 'GET', '/health/live')).rejects.toThrow(/ECONNREFUSED/);
      } finally {
        release();
        idleClient.destroy();
        await server.close();
      }
    });
  });
});
