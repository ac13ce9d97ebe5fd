import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confirmedUser, createTestAuth, type TestAuth } from '../../../test/support/auth-fakes.js';
import { type AuthHttpServer, startAuthHttpServer } from '../../../test/support/auth-http-server.js';
import type { AuthResult } from '../../auth/index.js';

let t: TestAuth;
let server: AuthHttpServer;
const LOGIN_KEY = '127.0.0.1:4000/us-east-1_hearth';

async function call(op: string, body: unknown): Promise<{ status: number; body: any; type: string | null }> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${op}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json(), type: res.headers.get('x-amzn-errortype') };
}

async function idToken(email = 'jane@example.com') {
  await confirmedUser(t, email, 'Passw0rd!');
  return ((await t.auth.signInWithPassword({ clientId: t.ir.userPoolClientId, username: email, password: 'Passw0rd!' })) as AuthResult)
    .idToken;
}

beforeEach(async () => {
  t = await createTestAuth();
  server = await startAuthHttpServer(t.auth);
});
afterEach(() => server.close());

describe('identity pool protocol', () => {
  it('gives a guest an identity and unauthenticated credentials', async () => {
    const id = await call('GetId', { IdentityPoolId: t.ir.identityPoolId, Logins: {} });
    expect(id.body.IdentityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    const creds = await call('GetCredentialsForIdentity', { IdentityId: id.body.IdentityId });
    expect(creds.status).toBe(200);
    const c = creds.body.Credentials;
    expect(c.AccessKeyId).toMatch(/^ASIA/);
    expect(c.Expiration).toBe(Math.floor(t.clock.now() / 1000) + 3600);
    expect(t.auth.credentials.resolve(c.AccessKeyId, c.SessionToken)).toEqual({
      secretAccessKey: c.SecretKey,
      principal: { kind: 'identity', identityId: id.body.IdentityId, authenticated: false },
    });
  });

  it('binds one identity to a signed-in user', async () => {
    const token = await idToken();
    const one = await call('GetId', { IdentityPoolId: t.ir.identityPoolId, Logins: { [LOGIN_KEY]: token } });
    const two = await call('GetId', { IdentityPoolId: t.ir.identityPoolId, Logins: { [LOGIN_KEY]: token } });
    expect(one.body.IdentityId).toBe(two.body.IdentityId);
    const creds = await call('GetCredentialsForIdentity', { IdentityId: one.body.IdentityId, Logins: { [LOGIN_KEY]: token } });
    const c = creds.body.Credentials;
    expect(t.auth.credentials.resolve(c.AccessKeyId, c.SessionToken)?.principal).toMatchObject({
      authenticated: true,
      sub: expect.any(String),
    });
  });

  it('upgrades a guest identity presented with Logins (guest first, then sign-in)', async () => {
    const guest = await call('GetId', { IdentityPoolId: t.ir.identityPoolId, Logins: {} });
    const token = await idToken();
    const creds = await call('GetCredentialsForIdentity', { IdentityId: guest.body.IdentityId, Logins: { [LOGIN_KEY]: token } });
    expect(creds.body.IdentityId).toBe(guest.body.IdentityId);
    const again = await call('GetId', { IdentityPoolId: t.ir.identityPoolId, Logins: { [LOGIN_KEY]: token } });
    expect(again.body.IdentityId).toBe(guest.body.IdentityId);
    // the same identity without Logins is no longer a guest's
    const bare = await call('GetCredentialsForIdentity', { IdentityId: guest.body.IdentityId });
    expect(bare.type).toBe('NotAuthorizedException');
  });

  it("returns the user's own identity when a second guest identity signs in", async () => {
    const token = await idToken();
    const own = await call('GetId', { IdentityPoolId: t.ir.identityPoolId, Logins: { [LOGIN_KEY]: token } });
    const guest = await call('GetId', { IdentityPoolId: t.ir.identityPoolId, Logins: {} });
    const creds = await call('GetCredentialsForIdentity', { IdentityId: guest.body.IdentityId, Logins: { [LOGIN_KEY]: token } });
    expect(creds.body.IdentityId).toBe(own.body.IdentityId);
  });

  it('refuses a forged id token, an access token, an unknown provider and an unknown pool', async () => {
    const token = await idToken();
    const [h, p] = token.split('.');
    const forged = await call('GetId', { IdentityPoolId: t.ir.identityPoolId, Logins: { [LOGIN_KEY]: `${h}.${p}.AAAA` } });
    expect(forged).toMatchObject({ status: 400, type: 'NotAuthorizedException' });
    const access = (
      (await t.auth.signInWithPassword({
        clientId: t.ir.userPoolClientId,
        username: 'jane@example.com',
        password: 'Passw0rd!',
      })) as AuthResult
    ).accessToken;
    expect((await call('GetId', { IdentityPoolId: t.ir.identityPoolId, Logins: { [LOGIN_KEY]: access } })).type).toBe(
      'NotAuthorizedException',
    );
    expect((await call('GetId', { IdentityPoolId: t.ir.identityPoolId, Logins: { 'accounts.google.com': token } })).type).toBe(
      'NotAuthorizedException',
    );
    expect((await call('GetId', { IdentityPoolId: 'us-east-1:nope', Logins: {} })).body).toEqual({
      __type: 'ResourceNotFoundException',
      message: "IdentityPool 'us-east-1:nope' not found.",
    });
  });

  it('refuses guests when the pool does not allow them', async () => {
    await server.close();
    t = await createTestAuth({ ir: { allowUnauthenticatedIdentities: false } });
    server = await startAuthHttpServer(t.auth);
    const r = await call('GetId', { IdentityPoolId: t.ir.identityPoolId, Logins: {} });
    expect(r.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Unauthenticated access is not supported for this identity pool.',
    });
  });

  it('names an operation Hearth does not implement', async () => {
    const r = await call('GetOpenIdToken', { IdentityId: 'x' });
    expect(r).toMatchObject({ status: 400, type: 'UnknownOperationException' });
    expect(r.body.message).toBe('Hearth does not implement AWSCognitoIdentityService.GetOpenIdToken yet');
  });

  it('refuses a missing parameter', async () => {
    const r = await call('GetCredentialsForIdentity', {});
    expect(r.body).toEqual({
      __type: 'InvalidParameterException',
      message: "1 validation error detected: Value at 'identityId' failed to satisfy constraint: Member must not be null",
    });
  });
});
