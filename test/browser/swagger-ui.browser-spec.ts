import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A port nobody listens on right now. */
const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let BASE = '';

async function waitForServer(server: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (server.exitCode !== null) {
      throw new Error(`server exited with ${server.exitCode}:\n${output()}`);
    }
    try {
      if ((await fetch(`${BASE}/docs-json`)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server did not start:\n${output()}`);
}

/**
 * The Swagger UI as a person uses it: the page renders the API, "Authorize" takes a pasted token, and
 * "Try it out" → "Execute" calls the server and shows its answer.
 */
jest.setTimeout(60_000);

describe('Swagger UI at /docs (headless Chromium)', () => {
  let dataDir: string;
  let server: ChildProcess;
  let browser: Browser;
  let page: Page;
  let log = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'conduit-browser-'));
    const port = await freePort();
    BASE = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['dist/main.js'], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: BASE,
        DB_TYPE: 'sqlite',
        DB_PATH: join(dataDir, 'conduit.sqlite'),
        JWT_SECRET: 'browser-test-secret-browser-test-secret',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await waitForServer(server, () => log);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      // The server drains and closes its database first; its output pipes would keep Jest waiting.
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should render the API with its operations', async () => {
    await page.goto(`${BASE}/docs`);

    await page.locator('.swagger-ui .info .title', { hasText: 'Conduit API' }).waitFor();
    await page.locator('#operations-User_and_Authentication-CreateUser').waitFor();
    await page.locator('#operations-User_and_Authentication-GetCurrentUser').waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(4);
  });

  it('should call GET /api/user with a token pasted into "Authorize"', async () => {
    const registered = await fetch(`${BASE}/api/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        user: { username: 'swagger_ui', email: 'swagger@example.com', password: 'swagger-password' },
      }),
    });
    expect(registered.status).toBe(201);
    const { user } = (await registered.json()) as { user: { token: string } };
    await page.goto(`${BASE}/docs`);

    await page.getByRole('button', { name: 'Authorize' }).first().click();
    const dialog = page.locator('.modal-ux');
    await dialog.getByLabel('auth-bearer-value').fill(user.token);
    await dialog.getByRole('button', { name: 'Apply credentials' }).first().click();
    await dialog.getByRole('button', { name: 'Remove authorization' }).first().waitFor();
    await dialog.getByRole('button', { name: 'Close' }).first().click();

    const operation = page.locator('#operations-User_and_Authentication-GetCurrentUser');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();

    const live = operation.locator('.live-responses-table');
    await live.locator('.response-col_status', { hasText: '200' }).waitFor();
    await live.locator('.highlight-code', { hasText: '"username": "swagger_ui"' }).waitFor();
    await page.screenshot({ path: process.env.SWAGGER_SCREENSHOT ?? join(dataDir, 'swagger-ui.png') });
  });

  it('should show the 401 error shape when "Try it out" runs without a token', async () => {
    const anonymous = await browser.newPage();
    await anonymous.goto(`${BASE}/docs`);

    const operation = anonymous.locator('#operations-User_and_Authentication-GetCurrentUser');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();

    const live = operation.locator('.live-responses-table');
    await live.locator('.response-col_status', { hasText: '401' }).waitFor();
    await live.locator('.highlight-code', { hasText: '"is missing"' }).waitFor();
    await anonymous.close();
  });
});
