/**
 * Three `hearth start` processes on one PostgreSQL schema, started at the same moment, behave as
 * one backend behind a load balancer: the schema is migrated once (an advisory lock), keys are
 * shared, SRP's two steps and sign-up's two steps may land on different instances, the lockout
 * counter is shared, a revoked token is refused by every instance within a bound (the verifier's
 * revocation cache, REVOCATION_TTL_MS), a mutation on one reaches subscribers on another, and a
 * post-confirmation trigger runs once per confirmation. Codes travel over SMTP (`start` has no
 * mailbox) to a real smtp-server; each instance is its own copy of the app, as on its own machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVOCATION_TTL_MS } from '../../src/auth/access-token-verifier.js';
import { COGNITO_PATH, DATA_PATH } from '../../src/server/create-app.js';
import { repoRoot } from '../support/app-copy.js';
import { cognito, graphql, srpSignIn, subscribeTodos, until, writeMultiInstanceApp } from '../support/multi-instance-app.js';
import { createPgSchema, pgUrl } from '../support/pg-schema.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';
import { selfSignedCert, startSmtpServer, type TestSmtpServer } from '../support/smtp-fakes.js';

const skip = pgUrl ? undefined : 'HEARTH_TEST_DATABASE_URL is not set (three `hearth start` need one PostgreSQL database)';
const root = join(repoRoot, 'test-artifacts', `multi-${randomBytes(4).toString('hex')}`);
const runLog = join(root, 'post-confirmation-runs.log');
const PASSWORD = 'Correct-horse-9';
const PUBLIC_URL = 'http://hearth-lb.invalid:8080';

type Instance = { name: string; proc: SandboxProcess; cognito: string; data: string };

describe.skipIf(Boolean(skip))(`three hearth start instances on one postgres database${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let smtp: TestSmtpServer;
  let schema: Awaited<ReturnType<typeof createPgSchema>>;
  let inst: Instance[] = [];
  let outputs: { auth: Record<string, any>; data: Record<string, any> };
  const rotate = (i: number) => inst[i % inst.length] as Instance;

  beforeAll(async () => {
    mkdirSync(root, { recursive: true });
    writeFileSync(runLog, '');
    const tls = await selfSignedCert();
    smtp = await startSmtpServer({ secure: true, tls, user: 'mailer', pass: 's3cret' });
    writeFileSync(join(root, 'smtp-ca.pem'), tls.cert);
    schema = await createPgSchema(pgUrl as string);
    const env = {
      HEARTH_SMTP_URL: `smtps://mailer:s3cret@localhost:${smtp.port}`,
      HEARTH_SMTP_CA_FILE: join(root, 'smtp-ca.pem'),
      HEARTH_ADMIN_ACCESS_KEY_ID: 'HEARTHMULTIADMIN',
      HEARTH_ADMIN_SECRET_ACCESS_KEY: randomBytes(24).toString('base64url'),
      // what clients reach: one issuer and one set of endpoints for all three (no balancer runs here;
      // the test addresses each instance directly)
      HEARTH_PUBLIC_URL: PUBLIC_URL,
    };
    const names = ['a', 'b', 'c'];
    for (const n of names) writeMultiInstanceApp(join(root, n), runLog);
    const ports = await Promise.all(names.map(() => freePort()));
    // all three at the same moment, on a schema with no tables yet
    const procs = await Promise.all(
      names.map((n, i) => startSandbox({ command: 'start', cwd: join(root, n), port: ports[i] as number, databaseUrl: schema.url, env })),
    );
    inst = names.map((name, i) => {
      const base = `http://127.0.0.1:${ports[i]}`;
      return { name, proc: procs[i] as SandboxProcess, cognito: `${base}${COGNITO_PATH}`, data: `${base}${DATA_PATH}` };
    });
    outputs = JSON.parse(readFileSync(join(root, 'a', 'amplify_outputs.json'), 'utf8'));
  }, 90_000);

  afterAll(async () => {
    for (const x of inst) await x.proc.stop();
    await smtp?.close();
    await schema?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  const clientId = () => outputs.auth.user_pool_client_id as string;
  const userPoolId = () => outputs.auth.user_pool_id as string;

  async function codeFor(to: string, nth = 1): Promise<string> {
    return until(`mail ${nth} to ${to}`, () => {
      const mails = smtp.received.filter((m) => m.to.includes(to));
      return mails.length >= nth ? /Your code is (\d{6})/.exec(mails[nth - 1]?.raw ?? '')?.[1] : undefined;
    });
  }

  /** SignUp on A, ConfirmSignUp on B with the code that came by mail. */
  async function signUpAcross(email: string): Promise<void> {
    const up = await cognito(rotate(0).cognito, 'SignUp', {
      ClientId: clientId(),
      Username: email,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }],
    });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    const code = await codeFor(email);
    const confirm = await cognito(rotate(1).cognito, 'ConfirmSignUp', { ClientId: clientId(), Username: email, ConfirmationCode: code });
    expect(confirm.status, JSON.stringify(confirm.body)).toBe(200);
  }

  it('all three became ready on a fresh schema, migrated once without errors, and share keys', async () => {
    for (const x of inst) {
      expect(x.proc.readyLine).toContain('postgres');
      expect(x.proc.output()).not.toMatch(/error|duplicate key|already exists/i);
    }
    const c = new pg.Client({ connectionString: schema.url });
    await c.connect();
    try {
      const { rows } = await c.query<{ t: string }>('select tablename as t from pg_tables where schemaname = current_schema() order by 1');
      const tables = rows.map((r) => r.t);
      expect(tables).toEqual(expect.arrayContaining(['hearth_users', 'hearth_keys', 'hearth_mail']));
      expect(tables.filter((t) => /todo|note/i.test(t))).toHaveLength(2);
    } finally {
      await c.end();
    }
    // one API key and one signing key for all: what one instance issues, the others accept
    const keys = ['b', 'c'].map((n) => JSON.parse(readFileSync(join(root, n, 'amplify_outputs.json'), 'utf8')).data.api_key);
    expect(keys).toEqual([outputs.data.api_key, outputs.data.api_key]);
    expect(outputs.data.url).toBe(`${PUBLIC_URL}${DATA_PATH}`);
    const jwks = await Promise.all(inst.map(async (x) => (await fetch(jwksUrl(x, userPoolId()))).text()));
    expect(new Set(jwks).size).toBe(1);
  });

  it('signs up on A, confirms on B with the mailed code (sent once), and the trigger runs once', async () => {
    const email = 'ann@multi.example';
    await signUpAcross(email);
    // three outbox senders share the outbox: the code is mailed once, not once per instance
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received.filter((m) => m.to.includes(email))).toHaveLength(1);
    const runs = () => readFileSync(runLog, 'utf8').split('\n').filter(Boolean);
    await until('the post-confirmation run', () => runs().length >= 1);
    expect(runs()).toHaveLength(1);
    // a second confirmation on another instance is refused, and runs nothing
    const again = await cognito(rotate(2).cognito, 'ConfirmSignUp', { ClientId: clientId(), Username: email, ConfirmationCode: '000000' });
    expect(again.status).toBe(400);
    expect(runs()).toHaveLength(1);
  });

  it('runs SRP with InitiateAuth on A and RespondToAuthChallenge on B, and refreshes on C', async () => {
    const signIn = await srpSignIn({
      first: rotate(0).cognito,
      second: rotate(1).cognito,
      clientId: clientId(),
      userPoolId: userPoolId(),
      username: 'ann@multi.example',
      password: PASSWORD,
    });
    expect(signIn.status, JSON.stringify(signIn.body)).toBe(200);
    const tokens = signIn.body.AuthenticationResult;
    expect(decodeJwt(tokens.AccessToken).iss).toBe(`${PUBLIC_URL}/${userPoolId()}`);
    const refreshed = await cognito(rotate(2).cognito, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId(),
      AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken },
    });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    for (const x of inst) expect((await cognito(x.cognito, 'GetUser', { AccessToken: tokens.AccessToken })).status).toBe(200);
  });

  it('counts wrong passwords spread over A, B and C toward one lockout', async () => {
    const email = 'bob@multi.example';
    await signUpAcross(email);
    for (let i = 0; i < 5; i++) {
      const wrong = await srpSignIn({
        first: rotate(i).cognito,
        second: rotate(i + 1).cognito,
        clientId: clientId(),
        userPoolId: userPoolId(),
        username: email,
        password: 'Wrong-password-1',
      });
      expect(wrong.body.message).toBe('Incorrect username or password.');
    }
    // the sixth try, with the right password, on the instance that saw the fewest failures
    const locked = await srpSignIn({
      first: rotate(2).cognito,
      second: rotate(2).cognito,
      clientId: clientId(),
      userPoolId: userPoolId(),
      username: email,
      password: PASSWORD,
    });
    expect(locked.body.__type).toBe('NotAuthorizedException');
    expect(locked.body.message).toBe('Password attempts exceeded');
  });

  it('enforces one code quota across A, B and C: ten resends per user and hour, not ten per instance', async () => {
    const email = 'cy@multi.example';
    const up = await cognito(rotate(0).cognito, 'SignUp', {
      ClientId: clientId(),
      Username: email,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }],
    });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    const answers: string[] = [];
    for (let i = 0; i < 13; i++) {
      const r = await cognito(rotate(i).cognito, 'ResendConfirmationCode', { ClientId: clientId(), Username: email });
      answers.push(r.status === 200 ? 'sent' : `${r.status} ${r.body.__type}`);
      // past two of the instances' 250 ms syncs of the shared counters (send, then read)
      await new Promise((resolve) => setTimeout(resolve, 600));
    }
    // Cognito's default quota (HEARTH_RATE_CODES_PER_USER_HOUR = 10) once, though each instance saw only 4 or 5
    expect(answers.filter((a) => a === 'sent')).toHaveLength(10);
    expect(answers.slice(10)).toEqual(Array(3).fill('400 LimitExceededException'));
  });

  it('refuses a signed-out access token on every instance within the stated bound', async () => {
    const signIn = await srpSignIn({
      first: rotate(1).cognito,
      second: rotate(2).cognito,
      clientId: clientId(),
      userPoolId: userPoolId(),
      username: 'ann@multi.example',
      password: PASSWORD,
    });
    const token = signIn.body.AuthenticationResult.AccessToken as string;
    // B and C have verified (and cached) the token before the sign-out
    for (const x of inst) expect((await listNotes(x, token)).errors).toBeUndefined();
    const out = await cognito(rotate(0).cognito, 'GlobalSignOut', { AccessToken: token });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    const t0 = Date.now();
    expect((await listNotes(rotate(0), token)).errors?.[0]?.errorType).toBe('UnauthorizedException');
    const refusedAfter = await Promise.all(
      [rotate(1), rotate(2)].map((x) =>
        until(
          `refusal on ${x.name}`,
          async () => ((await listNotes(x, token)).errors ? Date.now() - t0 : undefined),
          REVOCATION_TTL_MS + 3000,
        ),
      ),
    );
    for (const ms of refusedAfter) expect(ms).toBeLessThanOrEqual(REVOCATION_TTL_MS + 1000);
    for (const x of inst) expect((await cognito(x.cognito, 'GetUser', { AccessToken: token })).body.__type).toBe('NotAuthorizedException');
    process.stdout.write(`GlobalSignOut: refused on B, C after ${refusedAfter.join(', ')} ms (bound ${REVOCATION_TTL_MS} ms)\n`);
  });

  it('refuses the access tokens of a revoked refresh token on every instance within the bound', async () => {
    const signIn = await srpSignIn({
      first: rotate(2).cognito,
      second: rotate(0).cognito,
      clientId: clientId(),
      userPoolId: userPoolId(),
      username: 'ann@multi.example',
      password: PASSWORD,
    });
    const { AccessToken: token, RefreshToken: refresh } = signIn.body.AuthenticationResult;
    for (const x of inst) expect((await listNotes(x, token)).errors).toBeUndefined();
    const revoked = await cognito(rotate(0).cognito, 'RevokeToken', { ClientId: clientId(), Token: refresh });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    const t0 = Date.now();
    const refusedAfter = await Promise.all(
      inst.map((x) =>
        until(
          `refusal on ${x.name}`,
          async () => ((await listNotes(x, token)).errors ? Date.now() - t0 : undefined),
          REVOCATION_TTL_MS + 3000,
        ),
      ),
    );
    for (const ms of refusedAfter) expect(ms).toBeLessThanOrEqual(REVOCATION_TTL_MS + 1000);
    process.stdout.write(`RevokeToken: refused on A, B, C after ${refusedAfter.join(', ')} ms (bound ${REVOCATION_TTL_MS} ms)\n`);
    const again = await cognito(rotate(1).cognito, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId(),
      AuthParameters: { REFRESH_TOKEN: refresh },
    });
    expect(again.body.__type).toBe('NotAuthorizedException');
  });

  it('delivers a mutation made on A to subscribers on B and C, once each', async () => {
    const apiKey = outputs.data.api_key as string;
    const onB = await subscribeTodos(rotate(1).data, apiKey);
    const onC = await subscribeTodos(rotate(2).data, apiKey);
    const made = await graphql(rotate(0).data, { apiKey }, 'mutation ($c: String) { createTodo(input: { content: $c }) { id } }', {
      c: 'from A',
    });
    expect(made.body.errors).toBeUndefined();
    await until('delivery on B and C', () => onB.contents.length >= 1 && onC.contents.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect([onB.contents, onC.contents]).toEqual([['from A'], ['from A']]);
    onB.close();
    onC.close();
  });

  it('refuses an unauthenticated Note mutation on every instance', async () => {
    for (const x of inst) {
      const r = await graphql(x.data, {}, 'mutation { createNote(input: { text: "x" }) { id } }');
      expect(r.body.errors?.[0]?.errorType).toBe('UnauthorizedException');
    }
  });
});

async function listNotes(x: Instance, token: string) {
  return (await graphql(x.data, { token }, 'query { listNotes { items { id } } }')).body;
}

function jwksUrl(x: Instance, poolId: string): string {
  return `${new URL(x.cognito).origin}/${poolId}/.well-known/jwks.json`;
}
