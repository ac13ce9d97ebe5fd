/**
 * The console's guard. Production (`hearth start --console`): every console endpoint refuses a
 * caller without the admin session (the table is built from the route factories themselves, so a
 * new endpoint cannot slip past it), a wrong admin key gets no session, every change needs the
 * session's CSRF token, sign-out and expiry end the session. Every `/_hearth/` route (console,
 * mailbox): no wildcard CORS, a foreign Origin refused, a non-loopback Host refused on a loopback
 * listener (DNS rebinding), while the AWS protocols keep their CORS for apps on other origins.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleRoute } from '../../src/protocols/console/index.js';
import {
  createConsoleEvents,
  eventRoutes,
  explorerRoutes,
  invocationRoutes,
  mailRoutes,
  overviewRoutes,
  recordRoutes,
  storageRoutes,
  userRoutes,
} from '../../src/protocols/console/index.js';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { copyExample } from '../support/app-copy.js';
import { consoleClient } from '../support/console-client.js';

const KEY = { accessKeyId: 'AKIACONSOLETEST', secretAccessKey: 'console-test-secret-0123456789abcdef' };

/** every endpoint the console serves, as its factories declare them */
function allEndpoints(): { method: string; path: string }[] {
  const none = undefined as never;
  const routes: ConsoleRoute[] = [
    ...overviewRoutes({ ir: none, engine: 'sqlite', mode: 'production', urls: none }),
    ...userRoutes({}),
    ...mailRoutes(none),
    ...recordRoutes({}),
    ...explorerRoutes({ ir: none, clock: none }),
    ...invocationRoutes({ log: none, store: none, retry: none }),
    ...storageRoutes(undefined),
    ...eventRoutes(createConsoleEvents()),
  ];
  return routes.map((r) => ({ method: r.method, path: r.path.replace(/:\w+/g, 'x') }));
}

/** a raw request, so Host and Origin can be anything */
function raw(port: number, o: { path: string; method?: string; headers?: Record<string, string> }) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: o.path, method: o.method ?? 'GET', headers: o.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('console security in production (hearth start --console)', () => {
  const app = copyExample('user-profile');
  let backend: RunningBackend;
  let offset = 0;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.HEARTH_ADMIN_ACCESS_KEY_ID = KEY.accessKeyId;
    process.env.HEARTH_ADMIN_SECRET_ACCESS_KEY = KEY.secretAccessKey;
    backend = await startBackend({
      projectRoot: app.dir,
      host: '127.0.0.1',
      port: 0,
      mailbox: false,
      console: true,
      logger: silentLogger,
      clock: { now: () => Date.now() + offset },
    });
  }, 60_000);

  afterAll(async () => {
    process.env.HEARTH_ADMIN_ACCESS_KEY_ID = saved.HEARTH_ADMIN_ACCESS_KEY_ID;
    process.env.HEARTH_ADMIN_SECRET_ACCESS_KEY = saved.HEARTH_ADMIN_SECRET_ACCESS_KEY;
    if (saved.HEARTH_ADMIN_ACCESS_KEY_ID === undefined) delete process.env.HEARTH_ADMIN_ACCESS_KEY_ID;
    if (saved.HEARTH_ADMIN_SECRET_ACCESS_KEY === undefined) delete process.env.HEARTH_ADMIN_SECRET_ACCESS_KEY;
    await backend?.close();
    app.remove();
  });

  const endpoints = allEndpoints();
  it('knows every endpoint (the table below is not empty)', () => {
    expect(endpoints.length).toBeGreaterThanOrEqual(28);
  });

  it.each(endpoints)('$method api/$path refuses a caller without the admin session', async ({ method, path }) => {
    const res = await fetch(`${backend.urls.base}/_hearth/console/api/${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-hearth-csrf': 'anything' },
      body:
        method === 'GET' ? undefined : JSON.stringify({ email: 'eve@example.com', password: 'Correct-horse-9', query: '{ __typename }' }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('Unauthorized');
  });

  it('behind a proxy that passes the public host name, the routes answer (the session guards the console)', async () => {
    const port = Number(new URL(backend.urls.base).port);
    const headers = { host: 'api.example.com', origin: 'https://api.example.com' };
    expect((await raw(port, { path: '/_hearth/health', headers })).status).toBe(200);
    const api = await raw(port, { path: '/_hearth/console/api/users', headers });
    expect(api.status).toBe(401);
    expect((await raw(port, { path: '/_hearth/console/api/users', headers: { ...headers, origin: 'https://evil.example' } })).status).toBe(
      403,
    );
  });

  it('a forged or stale cookie is no session', async () => {
    for (const cookie of ['hearth_console=99999999999999.abc.def', 'hearth_console=', 'other=1']) {
      const res = await fetch(`${backend.urls.base}/_hearth/console/api/users`, { headers: { cookie } });
      expect(res.status).toBe(401);
    }
  });

  it('a wrong admin key gets no session; the right one an HttpOnly SameSite=Strict cookie', async () => {
    const wrong = await fetch(`${backend.urls.base}/_hearth/console/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...KEY, secretAccessKey: `${KEY.secretAccessKey}x` }),
    });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const ok = await fetch(`${backend.urls.base}/_hearth/console/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(KEY),
    });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hearth_console=[^;]+; Path=\/_hearth\/console; HttpOnly; SameSite=Strict; Max-Age=28800/);
    expect(cookie).not.toMatch(/Secure/);
    expect(JSON.stringify(await ok.json())).not.toContain(KEY.secretAccessKey);
    // behind a TLS-terminating proxy the cookie is Secure
    const proxied = await fetch(`${backend.urls.base}/_hearth/console/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify(KEY),
    });
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('every change needs the CSRF token of the session; sign-out and expiry end it', async () => {
    const con = consoleClient(backend.urls.base);
    expect(await con.signIn(KEY)).toBe(200);
    expect((await con.get('users')).status).toBe(200);
    const body = { email: 'mallory@example.com', password: 'Correct-horse-9', permanent: true };
    expect((await con.send('POST', 'users', body, { 'x-hearth-csrf': '' })).status).toBe(403);
    const wrong = await con.send('POST', 'users', body, { 'x-hearth-csrf': 'A'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('AccessDenied');
    expect((await con.get('users')).body.users).toEqual([]);
    expect((await con.send('POST', 'users', body)).status).toBe(201);

    // another session's token is not this one's
    const other = consoleClient(backend.urls.base);
    await other.signIn(KEY);
    const crossed = await con.send('DELETE', 'users/mallory@example.com', undefined, { 'x-hearth-csrf': await other.csrf() });
    expect(crossed.status).toBe(403);

    expect((await con.send('DELETE', 'session')).status).toBe(200);
    expect((await con.get('users')).status).toBe(401);
    expect((await other.get('users')).status).toBe(200);
    offset = 8 * 60 * 60 * 1000 + 1000;
    try {
      expect((await other.get('users')).status).toBe(401);
    } finally {
      offset = 0;
    }
  });
});

describe("Hearth's own routes answer only their own origin (sandbox)", () => {
  const app = copyExample('user-profile');
  let backend: RunningBackend;
  let port: number;

  beforeAll(async () => {
    backend = await startBackend({ projectRoot: app.dir, host: '127.0.0.1', port: 0, mailbox: true, logger: silentLogger });
    port = Number(new URL(backend.urls.base).port);
  }, 60_000);

  afterAll(async () => {
    await backend?.close();
    app.remove();
  });

  const hearthPaths = [
    '/_hearth/mailbox?to=a@example.com',
    '/_hearth/console/api/session',
    '/_hearth/console/api/users',
    '/_hearth/health',
  ];

  it.each(hearthPaths)('%s: no wildcard CORS; a foreign Origin and a rebinding Host are refused', async (path) => {
    const same = await raw(port, { path, headers: { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` } });
    expect(same.status).toBe(200);
    expect(same.headers['access-control-allow-origin']).toBeUndefined();
    const foreign = await raw(port, { path, headers: { host: `127.0.0.1:${port}`, origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const nearby = await raw(port, { path, headers: { host: `127.0.0.1:${port}`, origin: 'http://localhost:5173' } });
    expect(nearby.status).toBe(403);
    const rebinding = await raw(port, { path, headers: { host: `evil.example:${port}` } });
    expect(rebinding.status).toBe(403);
    expect(JSON.parse(rebinding.body).error.message).toMatch(/loopback host name/);
    expect((await raw(port, { path, headers: { host: `localhost:${port}` } })).status).toBe(200);
    const preflight = await raw(port, {
      path,
      method: 'OPTIONS',
      headers: { host: `127.0.0.1:${port}`, origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a cross-site fetch without Origin (Sec-Fetch-Site) is refused too', async () => {
    const r = await raw(port, {
      path: '/_hearth/mailbox?to=a@example.com',
      headers: { host: `127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' },
    });
    expect(r.status).toBe(403);
    // following a link from elsewhere (a mail client, another app) still opens the page
    const link = await raw(port, {
      path: '/_hearth/console/',
      headers: { host: `127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
    });
    expect(link.status).toBe(200);
  });

  it('a change from a foreign origin is refused before it runs, CSRF token or not', async () => {
    const con = consoleClient(backend.urls.base);
    const token = await con.csrf();
    const res = await fetch(`${backend.urls.base}/_hearth/console/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hearth-csrf': token, origin: 'http://evil.example' },
      body: JSON.stringify({ email: 'eve@example.com' }),
    });
    expect(res.status).toBe(403);
    expect((await con.get('users?search=eve')).body.users).toEqual([]);
  });

  it('the AWS protocols keep their CORS for apps on other origins', async () => {
    const r = await raw(port, {
      path: '/graphql',
      method: 'OPTIONS',
      headers: { host: `127.0.0.1:${port}`, origin: 'http://localhost:5173' },
    });
    expect(r.headers['access-control-allow-origin']).toBe('*');
    const c = await raw(port, {
      path: '/cognito',
      method: 'OPTIONS',
      headers: { host: `127.0.0.1:${port}`, origin: 'http://localhost:5173' },
    });
    expect(c.headers['access-control-allow-origin']).toBe('*');
  });
});
