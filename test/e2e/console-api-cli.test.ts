/**
 * The console from the command line, as `npm run example` and an operator meet it (built CLI:
 * `npm run build` first): `hearth sandbox` prints the console URL and serves it, the example's
 * overview says to open on its "try it" page; `hearth start` serves no console unless asked, refuses
 * `--console` without an admin key, and with one serves it behind the sign-in.
 */
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { copyExample, hearthBin } from '../support/app-copy.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const KEY = { HEARTH_ADMIN_ACCESS_KEY_ID: 'AKIACLITEST', HEARTH_ADMIN_SECRET_ACCESS_KEY: 'cli-test-secret-0123456789' };

describe('console from the CLI', () => {
  const app = copyExample('user-profile');
  const running: SandboxProcess[] = [];
  afterAll(async () => {
    for (const p of running) await p.stop();
    app.remove();
  });

  it('hearth sandbox prints the console URL, serves it, and the example opens on its try-it page', async () => {
    const port = await freePort();
    const sandbox = await startSandbox({ cwd: app.dir, port });
    running.push(sandbox);
    const url = `http://127.0.0.1:${port}/_hearth/console/`;
    await expect.poll(() => sandbox.output(), { timeout: 5_000 }).toContain(`console ${url}`);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    // the page's assets are served from the built console, cacheable for good
    const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    if (asset) {
      const js = await fetch(`${url}${asset}`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      expect(js.headers.get('cache-control')).toMatch(/immutable/);
    }
    // a path that climbs out of the built folder is refused (sent as is: fetch would resolve the dots)
    const climbing = await new Promise<number>((resolve, reject) =>
      get({ host: '127.0.0.1', port, path: '/_hearth/console/assets/../../../package.json' }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      }).on('error', reject),
    );
    expect(climbing).toBe(404);
    const bare = await fetch(url.slice(0, -1), { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/_hearth/console/');
    const overview = (await (await fetch(`${url}api/overview`)).json()) as { example: unknown; mode: string };
    expect(overview).toMatchObject({ mode: 'sandbox', example: { tryIt: true } });
    const outputs = (await (await fetch(`${url}api/outputs`)).json()) as { auth: { user_pool_id: string } };
    expect(outputs.auth.user_pool_id).toMatch(/_/);
    expect(await sandbox.stop()).toBe(0);
  });

  it('hearth start serves no console unless asked', async () => {
    const port = await freePort();
    const start = await startSandbox({ cwd: app.dir, port, command: 'start', env: KEY });
    running.push(start);
    expect(start.output()).not.toContain('console http');
    const res = await fetch(`http://127.0.0.1:${port}/_hearth/console/api/session`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).not.toContain('csrfToken');
    expect(await start.stop()).toBe(0);
  });

  it('hearth start --console refuses to start without the admin key', async () => {
    const child = spawn(process.execPath, [hearthBin, 'start', '--console', '--port', '0'], {
      cwd: app.dir,
      env: { ...process.env, HEARTH_DATABASE_URL: '', HEARTH_ADMIN_ACCESS_KEY_ID: '', HEARTH_ADMIN_SECRET_ACCESS_KEY: '' },
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(out).toMatch(/HEARTH_ADMIN_ACCESS_KEY_ID and HEARTH_ADMIN_SECRET_ACCESS_KEY/);
  });

  it('hearth start --console serves the console behind the admin sign-in', async () => {
    const port = await freePort();
    const start = await startSandbox({ cwd: app.dir, port, command: 'start', args: ['--console'], env: KEY });
    running.push(start);
    await expect.poll(() => start.output(), { timeout: 5_000 }).toContain('(sign in with the admin key)');
    const api = `http://127.0.0.1:${port}/_hearth/console/api/`;
    expect((await fetch(`${api}users`)).status).toBe(401);
    const signIn = await fetch(`${api}session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessKeyId: KEY.HEARTH_ADMIN_ACCESS_KEY_ID, secretAccessKey: KEY.HEARTH_ADMIN_SECRET_ACCESS_KEY }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await fetch(`${api}users`, { headers: { cookie } })).status).toBe(200);
    expect(start.output()).not.toContain(KEY.HEARTH_ADMIN_SECRET_ACCESS_KEY);
    expect(await start.stop()).toBe(0);
  });
});
