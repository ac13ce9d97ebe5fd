/**
 * Federated users through the auth service: created on first sign-in with Cognito's user name,
 * status, `identities` and mapped attributes, the federated trigger sources, later sign-ins, links
 * to native users, and the tokens minted for them.
 */
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { ClockFake, confirmedUser, createTestAuth, type TestAuth } from '../../../test/support/auth-fakes.js';
import type { AuthIR } from '../../ir/types.js';
import { randomIds } from '../../util/ids.js';
import { createTokenMinter, loadSigningKey } from '../tokens.js';
import type { FederationProvider } from './attribute-mapping.js';
import type { FederatedIdentity } from './types.js';

// the AuthIR's `oauth` block, as compiled from loginWith.externalProviders
const oauth: { providers: FederationProvider[]; scopes: string[]; callbackUrls: string[]; logoutUrls: string[] } = {
  providers: [
    { name: 'Google', type: 'Google', attributeMapping: { email: 'email', name: 'name', email_verified: 'email_verified' } },
    {
      name: 'MyOIDC',
      type: 'OIDC',
      issuerUrl: 'https://idp.example.com',
      attributeMapping: { email: 'email', given_name: 'given_name' },
    },
  ],
  scopes: ['openid', 'email'],
  callbackUrls: ['http://localhost:3000/'],
  logoutUrls: ['http://localhost:3000/'],
};

const google = (sub: string, claims: Record<string, unknown> = {}): FederatedIdentity => ({
  providerName: 'Google',
  providerType: 'Google',
  userId: sub,
  claims: { sub, email: 'Ann@Example.com', name: 'Ann', email_verified: true, ...claims },
});

async function setup(triggers: AuthIR['triggers'] = {}): Promise<TestAuth> {
  return createTestAuth({ ir: { oauth, triggers } as Partial<AuthIR> });
}

const sources = (t: TestAuth) => t.functions.calls.map((c) => `${c.event.triggerSource}:${c.event.userName}`);
const signIn = (t: TestAuth, identity: FederatedIdentity) => t.auth.signInFederated(identity, { clientId: t.ir.userPoolClientId });

async function tokensFor(t: TestAuth, sub: string) {
  const user = await t.users.bySub(sub);
  const key = await loadSigningKey({ getOrCreate: async (_n, make) => make() });
  const mint = createTokenMinter({ key, issuer: 'http://issuer', clock: t.clock, ids: randomIds });
  const r = await mint({ user: user!, clientId: t.ir.userPoolClientId, originJti: 'o', authTime: 1 });
  return { access: decodeJwt(r.accessToken), id: decodeJwt(r.idToken) };
}

describe('first sign-in through a provider', () => {
  it('creates an EXTERNAL_PROVIDER user named <provider>_<subject> with identities and mapped attributes', async () => {
    const t = await setup();
    const r = await signIn(t, google('1234567890'));
    expect(r.username).toBe('google_1234567890');
    const user = await t.users.bySub(r.sub);
    expect(user).toMatchObject({ username: 'google_1234567890', status: 'EXTERNAL_PROVIDER', enabled: true });
    expect(user!.attributes).toMatchObject({ sub: r.sub, email: 'ann@example.com', name: 'Ann', email_verified: 'true' });
    expect(JSON.parse(user!.attributes.identities!)).toEqual([
      { userId: '1234567890', providerName: 'Google', providerType: 'Google', issuer: null, primary: true, dateCreated: t.clock.now() },
    ]);
  });

  it('lower-cases an OIDC provider name and subject in the user name, and keeps the issuer', async () => {
    const t = await setup();
    const r = await signIn(t, {
      providerName: 'myoidc',
      providerType: 'OIDC',
      userId: 'AbC-1',
      claims: { given_name: 'Bo', email: 'bo@example.com' },
      issuer: 'https://idp.example.com',
    });
    expect(r.username).toBe('myoidc_abc-1');
    const user = await t.users.bySub(r.sub);
    expect(user!.attributes).toMatchObject({ given_name: 'Bo', email: 'bo@example.com', email_verified: 'false' });
    expect(JSON.parse(user!.attributes.identities!)[0]).toMatchObject({
      providerName: 'MyOIDC',
      userId: 'AbC-1',
      issuer: 'https://idp.example.com',
    });
  });

  it('runs PreSignUp_ExternalProvider then PostConfirmation_ConfirmSignUp, as the federated trigger table says', async () => {
    const t = await setup({ preSignUp: 'fn', postConfirmation: 'fn', preAuthentication: 'fn' });
    await signIn(t, google('42', { email_verified: undefined }));
    expect(sources(t)).toEqual(['PreSignUp_ExternalProvider:google_42', 'PostConfirmation_ConfirmSignUp:google_42']);
    expect(t.functions.calls[0]!.event.request.userAttributes).toMatchObject({
      email: 'ann@example.com',
      name: 'Ann',
      email_verified: 'false',
    });
  });

  it("honours PreSignUp's autoVerifyEmail", async () => {
    const t = await setup({ preSignUp: 'fn' });
    t.functions.behaviour = async (_n, e: any) => ({ ok: true, result: { ...e, response: { autoVerifyEmail: true } } });
    const r = await signIn(t, google('7', { email_verified: undefined }));
    expect((await t.users.bySub(r.sub))!.attributes.email_verified).toBe('true');
  });

  it('a PreSignUp error refuses the sign-in and creates nobody', async () => {
    const t = await setup({ preSignUp: 'fn' });
    t.functions.behaviour = async () => ({ ok: false, kind: 'error', errorType: 'Error', errorMessage: 'no outsiders' });
    await expect(signIn(t, google('9'))).rejects.toMatchObject({
      code: 'UserLambdaValidation',
      message: 'PreSignUp failed with error no outsiders.',
    });
    expect(await t.users.byUsername('google_9')).toBeUndefined();
  });

  it('refuses an unknown provider, an unknown app client and a missing subject', async () => {
    const t = await setup();
    await expect(signIn(t, { ...google('1'), providerName: 'Twitter' })).rejects.toMatchObject({ code: 'InvalidParameter' });
    await expect(t.auth.signInFederated(google('1'), { clientId: 'nope' })).rejects.toMatchObject({ code: 'ResourceNotFound' });
    await expect(signIn(t, google(''))).rejects.toMatchObject({ code: 'InvalidParameter' });
  });
});

describe('attributes the pool requires', () => {
  it('refuses a first sign-in whose provider sent no value for a required attribute, before any trigger', async () => {
    const t = await setup({ preSignUp: 'fn' });
    await expect(signIn(t, google('5', { email: undefined }))).rejects.toMatchObject({
      code: 'InvalidParameter',
      message: 'Invalid user attributes: email: The attribute is required.',
    });
    expect(t.functions.calls).toHaveLength(0);
    expect(await t.users.byUsername('google_5')).toBeUndefined();
  });

  it('the identities attribute cannot be written through the attribute operations', async () => {
    const t = await setup();
    await confirmedUser(t, 'forger@example.com', 'Passw0rd!');
    const forged = JSON.stringify([
      { userId: '1', providerName: 'Google', providerType: 'Google', issuer: null, primary: true, dateCreated: 1 },
    ]);
    await expect(
      t.auth.adminUpdateUserAttributes({ userPoolId: t.ir.userPoolId, username: 'forger@example.com', attributes: { identities: forged } }),
    ).rejects.toMatchObject({ code: 'InvalidParameter' });
    expect((await t.users.byUsername('forger@example.com'))!.attributes.identities).toBeUndefined();
  });
});

describe('later sign-ins', () => {
  it('signs in the same user, refreshes mapped attributes and runs PreAuthentication', async () => {
    const clock = new ClockFake();
    const t = await createTestAuth({
      clock,
      ir: { oauth, triggers: { preSignUp: 'fn', postConfirmation: 'fn', preAuthentication: 'fn' } } as Partial<AuthIR>,
    });
    const first = await signIn(t, google('55'));
    clock.advance(60_000);
    const again = await signIn(t, google('55', { name: 'Ann B.' }));
    expect(again).toEqual(first);
    const user = await t.users.bySub(first.sub);
    expect(user!.attributes.name).toBe('Ann B.');
    expect(JSON.parse(user!.attributes.identities!)).toHaveLength(1);
    expect(sources(t).at(-1)).toBe('PreAuthentication_Authentication:google_55');
    expect(sources(t).filter((s) => s.startsWith('PostConfirmation'))).toHaveLength(1);
  });

  it('refuses a disabled federated user', async () => {
    const t = await setup();
    const r = await signIn(t, google('66'));
    await t.users.update(r.sub, { enabled: false });
    await expect(signIn(t, google('66'))).rejects.toMatchObject({ code: 'NotAuthorized', message: 'User is disabled.' });
  });

  it('a federated user cannot sign in with a password or reset one', async () => {
    const t = await setup();
    await signIn(t, google('77'));
    const clientId = t.ir.userPoolClientId;
    await expect(t.auth.signInWithPassword({ clientId, username: 'google_77', password: 'Passw0rd!' })).rejects.toMatchObject({
      code: 'NotAuthorized',
    });
    await expect(t.auth.forgotPassword({ clientId, username: 'google_77' })).rejects.toMatchObject({ code: 'NotAuthorized' });
  });
});

describe('tokens of federated users', () => {
  it('carry cognito:username, the access token username and the identities claim as Cognito sends them', async () => {
    const t = await setup();
    const r = await signIn(t, google('88'));
    const { access, id } = await tokensFor(t, r.sub);
    expect(access.username).toBe('google_88');
    expect(id['cognito:username']).toBe('google_88');
    expect(id.sub).toBe(r.sub);
    expect(id.identities).toEqual([
      { userId: '88', providerName: 'Google', providerType: 'Google', issuer: null, primary: 'true', dateCreated: String(t.clock.now()) },
    ]);
  });
});

describe('an identity linked to a native user', () => {
  it('signs in as the native user, which keeps its email and gains the identity', async () => {
    const t = await setup();
    const sub = await confirmedUser(t, 'native@example.com', 'Passw0rd!');
    const link = { providerName: 'Google', providerAttributeName: 'Cognito_Subject', providerAttributeValue: '99' };
    await t.auth.adminLinkProviderForUser({
      userPoolId: t.ir.userPoolId,
      destinationUser: { providerName: 'Cognito', providerAttributeValue: 'native@example.com' },
      sourceUser: link,
    });
    const r = await signIn(t, google('99', { email: 'other@example.com', name: 'Native N.' }));
    expect(r).toEqual({ username: sub, sub });
    const user = await t.users.bySub(sub);
    expect(user).toMatchObject({ status: 'CONFIRMED', username: 'native@example.com' });
    expect(user!.attributes).toMatchObject({ email: 'native@example.com', name: 'Native N.' });
    expect(await t.users.byUsername('google_99')).toBeUndefined();
    const { id } = await tokensFor(t, sub);
    expect(id['cognito:username']).toBe(sub);
    expect(id.identities).toEqual([expect.objectContaining({ userId: '99', providerName: 'Google', primary: 'false' })]);
  });

  it('a PreSignUp trigger that links the identity makes the first sign-in land on the native user', async () => {
    const t = await setup({ preSignUp: 'fn' });
    const sub = await confirmedUser(t, 'merge@example.com', 'Passw0rd!');
    t.functions.behaviour = async (_n, e: any) => {
      if (e.triggerSource === 'PreSignUp_ExternalProvider') {
        await t.auth.adminLinkProviderForUser({
          userPoolId: t.ir.userPoolId,
          destinationUser: { providerName: 'Cognito', providerAttributeValue: 'merge@example.com' },
          sourceUser: { providerName: 'Google', providerAttributeName: 'Cognito_Subject', providerAttributeValue: '123' },
        });
      }
      return { ok: true, result: e };
    };
    expect(await signIn(t, google('123'))).toEqual({ username: sub, sub });
    expect(await t.users.byUsername('google_123')).toBeUndefined();
  });
});
