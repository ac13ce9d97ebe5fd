/**
 * `hearth start` as an operator runs it: readiness, JSON logs with a request id and no secrets,
 * Prometheus metrics per operation, a bad variable refused at start, and SIGTERM draining a slow
 * request while an open subscription gets AppSync's close.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AdminConfirmSignUpCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hearthBin, repoRoot } from '../support/app-copy.js';
import { cognitoJson } from '../support/cognito-json.js';
import { writeOperableApp } from '../support/operable-app.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

const dir = join(repoRoot, 'test-artifacts', `operable-${randomBytes(4).toString('hex')}`);
const ADMIN = { accessKeyId: 'HEARTHOPSADMIN', secretAccessKey: `admin-secret-${randomBytes(6).toString('hex')}` };
const SMTP_PASSWORD = `smtp-secret-${randomBytes(6).toString('hex')}`;
const PASSWORD = `Pw-${randomBytes(6).toString('hex')}-x9!`;

beforeAll(() => writeOperableApp(dir));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = async (args: string[], env: Record<string, string> = {}) =>
  startSandbox({ cwd: dir, port: await freePort(), command: 'start', args, env: { HEARTH_RATE_LIMITS: 'off', ...env } });
const baseOf = (p: SandboxProcess) => /data (http:\/\/[^/]+)\/graphql/.exec(p.output())?.[1] as string;
const outputs = () => JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8'));

/** the x-amzn-RequestId of every answer, in order */
const answeredIds: string[] = [];

async function graphql(base: string, query: string, variables: object = {}) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': outputs().data.api_key },
    body: JSON.stringify({ query, variables }),
  });
  const requestId = res.headers.get('x-amzn-requestid') as string;
  answeredIds.push(requestId);
  return { status: res.status, requestId, body: (await res.json()) as any };
}

/** A realtime socket with one subscription started, and the close it receives. */
async function subscribe(base: string) {
  const header = { host: new URL(base).host, 'x-api-key': outputs().data.api_key };
  const b64 = Buffer.from(JSON.stringify(header)).toString('base64url');
  const ws = new WebSocket(`${base.replace('http', 'ws')}/graphql/realtime`, ['graphql-ws', `header-${b64}`]);
  const messages: any[] = [];
  ws.on('message', (m) => messages.push(JSON.parse(String(m))));
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason), at: Date.now() })),
  );
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const seen = async (type: string) => {
    for (let i = 0; i < 60 && !messages.some((m) => m.type === type); i++) await new Promise((r) => setTimeout(r, 50));
    expect(
      messages.map((m) => m.type),
      JSON.stringify(messages),
    ).toContain(type);
  };
  ws.send(JSON.stringify({ type: 'connection_init' }));
  await seen('connection_ack');
  const data = JSON.stringify({ query: 'subscription { onCreateTodo { id content } }', variables: {} });
  ws.send(JSON.stringify({ id: 's1', type: 'start', payload: { data, extensions: { authorization: header } } }));
  await seen('start_ack');
  return { closed, ws };
}

const exited = (p: SandboxProcess) =>
  new Promise<{ code: number | null; at: number }>((resolve) => p.child.once('exit', (code) => resolve({ code, at: Date.now() })));

describe('hearth start with --log-format json and --metrics', () => {
  let p: SandboxProcess;
  let base: string;
  const secretsSeen: string[] = [PASSWORD, ADMIN.secretAccessKey, SMTP_PASSWORD];

  beforeAll(async () => {
    const smtpPort = await freePort(); // nothing listens: sending fails and is logged
    p = await start(['--log-format', 'json', '--metrics'], {
      HEARTH_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
      HEARTH_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
      HEARTH_SMTP_URL: `smtp://mailer:${SMTP_PASSWORD}@127.0.0.1:${smtpPort}`,
    });
    base = baseOf(p);
  }, 60_000);
  afterAll(async () => {
    await p?.stop();
  });

  it('is live (health) and ready (database reachable, migrations done)', async () => {
    expect((await fetch(`${base}/_hearth/health`)).status).toBe(200);
    const ready = await fetch(`${base}/_hearth/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
  });

  it('counts each operation, its errors and latency, and function invocations', async () => {
    await graphql(base, 'mutation { createTodo(input: { content: "a" }) { id } }');
    expect((await graphql(base, 'query { slow(ms: 1) }')).body.data.slow).toBe('slept 1');
    await graphql(base, 'query { noSuchField }');
    await fetch(`${base}/cognito/`, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' },
      body: '{}',
    });
    const page = await (await fetch(`${base}/_hearth/metrics`)).text();
    expect(page).toContain('hearth_requests_total{protocol="appsync",operation="mutation createTodo",status_class="2xx"} 1');
    expect(page).toContain('hearth_request_duration_seconds_count{protocol="appsync",operation="query slow"} 1');
    expect(page).toMatch(/hearth_request_errors_total\{protocol="appsync",operation="query noSuchField",status_class="[24]xx"\} 1/);
    expect(page).toContain('hearth_request_errors_total{protocol="cognito",operation="SignUp",status_class="4xx"} 1');
    expect(page).toContain('hearth_function_invocations_total{function="sleeper",outcome="ok"} 1');
    expect(page).toContain('hearth_process_resident_memory_bytes');
  });

  it('counts open subscriptions while a socket holds one, and none once it closed', async () => {
    const metric = async () => /^hearth_realtime_subscriptions (\d+)$/m.exec(await (await fetch(`${base}/_hearth/metrics`)).text())?.[1];
    const sub = await subscribe(base);
    expect(await metric()).toBe('1');
    sub.ws.close();
    await sub.closed;
    for (let i = 0; i < 40 && (await metric()) !== '0'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await metric()).toBe('0');
  });

  it('writes JSON lines only, and a line written during a request carries that request id', async () => {
    const r = await graphql(base, 'query { slow(ms: 2) }');
    expect(r.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = p.output().trim().split('\n');
    const entries = lines.map((l) => JSON.parse(l));
    for (const e of entries) expect(Object.keys(e).slice(0, 3)).toEqual(['time', 'level', 'msg']);
    // a function's console.log carries the id of the request that invoked it, on a warm worker too
    const sleeping = entries.filter((e) => /sleeping \d+ ms/.test(e.msg));
    expect(sleeping.length).toBe(2);
    for (const e of sleeping) expect(answeredIds).toContain(e.requestId);
    expect(sleeping.find((e) => e.msg.includes('sleeping 2 ms'))?.requestId).toBe(r.requestId);
    expect(entries.find((e) => e.msg.includes('ready in'))?.requestId).toBeUndefined();
  });

  it('logs no password, token, admin key or SMTP password, whatever the requests sent', async () => {
    const cognito = `${base}/cognito`;
    const clientId = outputs().auth.user_pool_client_id;
    const email = `ops-${randomBytes(3).toString('hex')}@example.com`;
    await cognitoJson(cognito, 'SignUp', {
      ClientId: clientId,
      Username: email,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }],
    });
    const admin = new CognitoIdentityProviderClient({ endpoint: cognito, region: outputs().auth.aws_region, credentials: ADMIN });
    await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: outputs().auth.user_pool_id, Username: email }));
    admin.destroy();
    const signIn = (password: string) =>
      cognitoJson(cognito, 'InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      });
    const tokens = (await signIn(PASSWORD)).AuthenticationResult;
    await signIn(`${PASSWORD}-wrong`).catch(() => undefined);
    await cognitoJson(cognito, 'GetUser', { AccessToken: `${tokens.AccessToken}x` }).catch(() => undefined);
    await cognitoJson(cognito, 'GetUser', { AccessToken: tokens.AccessToken });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the outbox tries SMTP and logs its failure
    secretsSeen.push(tokens.AccessToken, tokens.IdToken, tokens.RefreshToken, outputs().data.api_key);
    const leaks = findSecrets(p.output(), secretsSeen);
    expect(leaks).toEqual([]);
    // the detector itself finds a secret when one is there
    expect(findSecrets(`{"msg":"x ${tokens.RefreshToken.slice(0, 40)}"}`, secretsSeen)).toHaveLength(1);
  });
});

/** Each secret, or any 24-character piece of it (a truncated token is still a leak), found in `log`. */
function findSecrets(log: string, secrets: string[]): string[] {
  return secrets.filter((s) => {
    for (let i = 0; i + 24 <= s.length; i += 8) if (log.includes(s.slice(i, i + 24))) return true;
    return log.includes(s);
  });
}

describe('SIGTERM', () => {
  it('finishes a slow request in flight, closes subscriptions with 1001 after it, refuses new connections, exits 0', async () => {
    const p = await start(['--drain-timeout', '8']);
    const base = baseOf(p);
    await graphql(base, 'query { slow(ms: 1) }'); // warm the function
    const sub = await subscribe(base);
    const slow = graphql(base, 'query { slow(ms: 2500) }').then((r) => ({ ...r, at: Date.now() }));
    await new Promise((r) => setTimeout(r, 400));
    const exit = exited(p);
    const t0 = Date.now();
    p.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    await expect(fetch(`${base}/_hearth/health`)).rejects.toThrow();
    const answered = await slow;
    expect(answered.status).toBe(200);
    expect(answered.body.data.slow).toBe('slept 2500');
    const close = await sub.closed;
    expect(close.code).toBe(1001);
    expect(close.reason).toBe('Server shutting down');
    expect(close.at).toBeGreaterThanOrEqual(answered.at);
    const { code, at } = await exit;
    expect(code).toBe(0);
    expect(at - t0).toBeLessThan(8000);
  }, 60_000);

  it('cuts off a request that outlasts --drain-timeout and still exits 0 within the bound', async () => {
    const p = await start(['--drain-timeout', '1']);
    const base = baseOf(p);
    // without --metrics, hearth start does not serve the page
    expect((await fetch(`${base}/_hearth/metrics`)).status).toBe(404);
    await graphql(base, 'query { slow(ms: 1) }');
    const slow = graphql(base, 'query { slow(ms: 20000) }').then(
      () => 'answered',
      () => 'cut off',
    );
    await new Promise((r) => setTimeout(r, 400));
    const exit = exited(p);
    const t0 = Date.now();
    p.child.kill('SIGTERM');
    const { code, at } = await exit;
    expect(code).toBe(0);
    expect(at - t0).toBeLessThan(1000 + 2000 + 1500);
    expect(await slow).toBe('cut off');
    expect(p.output()).toContain('1 request(s) still running after 1 s: cut off');
  }, 60_000);
});

describe('configuration', () => {
  it('a malformed variable stops the start with one message naming it', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, [hearthBin, 'start'], {
      cwd: dir,
      env: { ...process.env, HEARTH_PORT: 'http', HEARTH_DATABASE_URL: 'mysql://u:db-secret@h/db', HEARTH_LOG_FORMAT: 'xml' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('HEARTH_PORT must be a port number from 0 to 65535 (got "http")');
    expect(r.stderr).toContain('HEARTH_DATABASE_URL must start with postgres:// or postgresql://');
    expect(r.stderr).toContain('the log format must be text or json');
    expect(r.stderr).not.toContain('db-secret');
  });
});
