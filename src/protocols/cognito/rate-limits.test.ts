import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CognitoIdentityProviderClient, ResendConfirmationCodeCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestAuth, type TestAuth } from '../../../test/support/auth-fakes.js';
import { COGNITO_DEFAULT_LIMITS, createRateLimiter, type RateLimitConfig } from '../../auth/rate-limits.js';
import type { HttpRequest } from '../../util/http.js';
import { createCognitoIdpHandler } from './index.js';

let t: TestAuth;
beforeEach(async () => {
  t = await createTestAuth();
});

function handlerWith(o: Partial<RateLimitConfig>) {
  return createCognitoIdpHandler(t.auth, { rateLimiter: createRateLimiter({ ...COGNITO_DEFAULT_LIMITS, ...o }, t.clock) });
}

const signUp = (username: string, headers: Record<string, string> = {}, remoteAddress = '10.0.0.1'): HttpRequest => ({
  method: 'POST',
  path: '/',
  query: '',
  headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp', ...headers },
  body: JSON.stringify({
    ClientId: t.ir.userPoolClientId,
    Username: username,
    Password: 'Passw0rd!',
    UserAttributes: [{ Name: 'email', Value: username }],
  }),
  remoteAddress,
});

const perIp = (n: number) => ({ perIp: { userCreation: n, userAuthentication: n, userAccountRecovery: n } });

describe('cognito rate limits on the wire', () => {
  let server: ReturnType<typeof createServer>;
  let client: CognitoIdentityProviderClient;
  afterEach(() => {
    client?.destroy();
    server?.close();
  });

  async function serve(o: Partial<RateLimitConfig>) {
    const handler = handlerWith(o);
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = req.headers as Record<string, string>;
      const r = await handler({
        method: 'POST',
        path: '/',
        query: '',
        headers,
        body: Buffer.concat(chunks).toString(),
        remoteAddress: req.socket.remoteAddress,
      });
      res.writeHead(r.status, r.headers).end(r.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // maxAttempts 1: the SDK retries throttling errors (TooManyRequests, LimitExceeded) with backoff
    client = new CognitoIdentityProviderClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
      maxAttempts: 1,
    });
  }

  it('the AWS SDK sees TooManyRequestsException (400) once one IP is over its sign-up rate', async () => {
    await serve(perIp(2));
    const up = (u: string) =>
      client.send(
        new SignUpCommand({
          ClientId: t.ir.userPoolClientId,
          Username: u,
          Password: 'Passw0rd!',
          UserAttributes: [{ Name: 'email', Value: u }],
        }),
      );
    await up('a@example.com');
    await up('b@example.com');
    const err = await up('c@example.com').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 400 } });
    expect(await t.users.byUsername('c@example.com')).toBeUndefined();
  });

  it("resending a code past the per-user limit is LimitExceededException with Cognito's message", async () => {
    await serve({ codesPerUserPerHour: 2 });
    const resend = () => client.send(new ResendConfirmationCodeCommand({ ClientId: t.ir.userPoolClientId, Username: 'jane@example.com' }));
    await client.send(
      new SignUpCommand({
        ClientId: t.ir.userPoolClientId,
        Username: 'jane@example.com',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'jane@example.com' }],
      }),
    );
    await resend();
    await resend();
    const sent = t.mailer.sent.length;
    const err = await resend().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' });
    expect(t.mailer.sent.length).toBe(sent);
  });
});

describe('cognito rate limits: whose address counts', () => {
  it('X-Forwarded-For is ignored by default: a client cannot pick a fresh key per request', async () => {
    const handler = handlerWith(perIp(1));
    expect((await handler(signUp('a@example.com', { 'x-forwarded-for': '1.1.1.1' }))).status).toBe(200);
    const r = await handler(signUp('b@example.com', { 'x-forwarded-for': '2.2.2.2' }));
    expect(r.headers['x-amzn-ErrorType']).toBe('TooManyRequestsException');
  });

  it("behind a trusted proxy, the proxy's last X-Forwarded-For entry is the client", async () => {
    const handler = handlerWith({ ...perIp(1), trustProxy: true });
    const viaProxy = (u: string, xff: string) => handler(signUp(u, { 'x-forwarded-for': xff }, '127.0.0.1'));
    expect((await viaProxy('a@example.com', 'spoofed, 1.1.1.1')).status).toBe(200);
    expect((await viaProxy('b@example.com', '2.2.2.2')).status).toBe(200);
    expect((await viaProxy('c@example.com', 'other-spoof, 1.1.1.1')).headers['x-amzn-ErrorType']).toBe('TooManyRequestsException');
  });

  it('operations outside the limited set are not counted', async () => {
    const handler = handlerWith(perIp(1));
    const getUser = {
      ...signUp('x'),
      headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
      body: '{"AccessToken":"x"}',
    };
    for (let i = 0; i < 3; i++) expect((await handler(getUser)).headers['x-amzn-ErrorType']).toBe('NotAuthorizedException');
  });
});
