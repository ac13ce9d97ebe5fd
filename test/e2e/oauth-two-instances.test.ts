/**
 * Two instances on one PostgreSQL database behind one public URL: a code issued by one is redeemed
 * at the other, exactly once (a replay at the first is refused), and the session it started is one
 * session for both (revoked at one, refused at the other). Skipped without HEARTH_TEST_DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';
import { writeAuthOnlyApp } from '../support/auth-only-app.js';
import { databaseFor } from '../support/pg-schema.js';
import { freePort } from '../support/sandbox-process.js';

const CALLBACK = 'http://localhost:3000/';
const pgUrl = process.env.HEARTH_TEST_DATABASE_URL;
const authResource = `import { defineAuth } from '@aws-amplify/backend';
export const auth = defineAuth({
  loginWith: { email: true, externalProviders: { google: { clientId: 'g' }, callbackUrls: ['${CALLBACK}'], logoutUrls: ['${CALLBACK}'] } },
});
`;

describe.skipIf(!pgUrl)(`OAuth codes across two instances${pgUrl ? '' : ' (skipped: HEARTH_TEST_DATABASE_URL is not set)'}`, () => {
  const dir = join(repoRoot, 'test-artifacts', `oauth-two-${randomBytes(4).toString('hex')}`);
  let a: RunningBackend;
  let b: RunningBackend;
  let drop: () => Promise<void>;
  let clientId: string;
  let baseA: string;
  let baseB: string;

  beforeAll(async () => {
    writeAuthOnlyApp(dir, authResource);
    const db = await databaseFor('postgres');
    drop = db.drop;
    const [portA, portB] = [await freePort(), await freePort()];
    [baseA, baseB] = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
    // one public URL (one token issuer) for both, as behind a load balancer
    const common = { projectRoot: dir, host: '127.0.0.1', mailbox: true, logger: silentLogger, databaseUrl: db.url, publicUrl: baseA };
    a = await startBackend({ ...common, port: portA });
    b = await startBackend({ ...common, port: portB, outputsDir: join(dir, 'b') });
    clientId = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8')).auth.user_pool_client_id;
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (base: string, path: string, form: Record<string, string>) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });

  it('a code from one instance is redeemed at the other once; the session is shared', async () => {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: CALLBACK,
      identity_provider: 'Google',
      state: 's',
    });
    const toIdp = await fetch(`${baseA}/oauth2/authorize?${query}`, { redirect: 'manual' });
    const back = new URL(
      (await post(baseA, toIdp.headers.get('location') ?? '', { email: 'two@example.com' })).headers.get('location') ?? '',
    );
    const code = back.searchParams.get('code') ?? '';
    const redeemed = await post(baseB, '/oauth2/token', {
      grant_type: 'authorization_code',
      code,
      client_id: clientId,
      redirect_uri: CALLBACK,
    });
    expect(redeemed.status).toBe(200);
    const tokens = (await redeemed.json()) as Record<string, string>;
    const replay = await post(baseA, '/oauth2/token', {
      grant_type: 'authorization_code',
      code,
      client_id: clientId,
      redirect_uri: CALLBACK,
    });
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await post(baseA, '/oauth2/revoke', { token: tokens.refresh_token ?? '', client_id: clientId })).status).toBe(200);
    const refresh = await post(baseB, '/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token ?? '',
      client_id: clientId,
    });
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
