/**
 * AdminLinkProviderForUser, AdminDisableProviderForUser and ListUsers/AdminGetUser of federated
 * users, through the real SDK signed with the admin key; refused for callers without the right.
 */
import {
  AdminCreateUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminAuth, startAdminAuth } from '../../../test/support/admin-auth.js';
import type { AuthIR } from '../../ir/types.js';

let t: AdminAuth;
const PASSWORD = 'Passw0rd!';
const POOL = () => t.ir.userPoolId;

const oauth = {
  providers: [{ name: 'Google', type: 'Google' as const, attributeMapping: { email: 'email' } }],
  scopes: ['openid'],
  callbackUrls: ['http://localhost:3000/'],
  logoutUrls: ['http://localhost:3000/'],
};

beforeEach(async () => {
  t = await startAdminAuth({ ir: { oauth } as Partial<AuthIR> });
});
afterEach(() => t.close());

async function nativeUser(email: string): Promise<string> {
  const r = await t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: POOL(),
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
  await t.admin.send(new AdminSetUserPasswordCommand({ UserPoolId: POOL(), Username: email, Password: PASSWORD, Permanent: true }));
  return r.User!.Username!;
}

const googleSource = (subject: string) => ({
  ProviderName: 'Google',
  ProviderAttributeName: 'Cognito_Subject',
  ProviderAttributeValue: subject,
});
const link = (destination: string, subject: string, client = t.admin) =>
  client.send(
    new AdminLinkProviderForUserCommand({
      UserPoolId: POOL(),
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: destination },
      SourceUser: googleSource(subject),
    }),
  );
const federatedSignIn = (subject: string) =>
  t.auth.signInFederated(
    { providerName: 'Google', providerType: 'Google', userId: subject, claims: { email: `${subject}@gmail.com` } },
    { clientId: t.ir.userPoolClientId },
  );
const passwordSignIn = (email: string) =>
  t.client().send(
    new InitiateAuthCommand({
      ClientId: t.ir.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD },
    }),
  );

describe('AdminLinkProviderForUser', () => {
  it('links a Google identity to a native user, who then signs in through Google as themselves', async () => {
    const sub = await nativeUser('ann@example.com');
    await link('ann@example.com', '1001');
    const got = await t.admin.send(new AdminGetUserCommand({ UserPoolId: POOL(), Username: sub }));
    const identities = JSON.parse(got.UserAttributes!.find((a) => a.Name === 'identities')!.Value!);
    expect(identities).toEqual([
      expect.objectContaining({ userId: '1001', providerName: 'Google', providerType: 'Google', primary: false }),
    ]);
    expect(await federatedSignIn('1001')).toEqual({ username: sub, sub });
  });

  it("refuses with Cognito's errors: unknown destination, a federated user that already exists, a second link, an unknown provider", async () => {
    await expect(link('nobody@example.com', '1')).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await nativeUser('bo@example.com');
    await federatedSignIn('2002');
    await expect(link('bo@example.com', '2002')).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Merging is not currently supported, provide a SourceUser that has not been signed up in order to link',
    });
    await link('bo@example.com', '3003');
    await expect(link('bo@example.com', '3003')).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'SourceUser is already linked to DestinationUser',
    });
    await expect(
      t.admin.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: POOL(),
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'bo@example.com' },
          SourceUser: { ...googleSource('4'), ProviderName: 'Twitter' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      t.admin.send(new AdminLinkProviderForUserCommand({ UserPoolId: POOL(), SourceUser: googleSource('5') } as never)),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('is refused to a caller without the admin right, and links nothing', async () => {
    await nativeUser('cy@example.com');
    const unknown = t.client({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' });
    await expect(link('cy@example.com', '6006', unknown)).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    const fnKey = t.auth.credentials.issue({ kind: 'function', functionName: 'other-fn' }, 300);
    const fn = t.client({ accessKeyId: fnKey.accessKeyId, secretAccessKey: fnKey.secretAccessKey, sessionToken: fnKey.sessionToken });
    await expect(link('cy@example.com', '6006', fn)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    // not linked: the Google identity becomes a user of its own
    expect((await federatedSignIn('6006')).username).toBe('google_6006');
  });
});

describe('AdminDisableProviderForUser', () => {
  const disable = (providerName: string, value: string, client = t.admin) =>
    client.send(
      new AdminDisableProviderForUserCommand({
        UserPoolId: POOL(),
        User: { ProviderName: providerName, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: value },
      }),
    );

  it('unlinks a linked identity: its next sign-in makes a new federated user', async () => {
    const sub = await nativeUser('di@example.com');
    await link('di@example.com', '7007');
    await disable('Google', '7007');
    const got = await t.admin.send(new AdminGetUserCommand({ UserPoolId: POOL(), Username: sub }));
    expect(got.UserAttributes!.some((a) => a.Name === 'identities')).toBe(false);
    expect((await federatedSignIn('7007')).username).toBe('google_7007');
  });

  it('disables a federated user, who can no longer sign in', async () => {
    await federatedSignIn('8008');
    await disable('Google', '8008');
    const got = await t.admin.send(new AdminGetUserCommand({ UserPoolId: POOL(), Username: 'google_8008' }));
    expect(got).toMatchObject({ Username: 'google_8008', Enabled: false, UserStatus: 'EXTERNAL_PROVIDER' });
    await expect(federatedSignIn('8008')).rejects.toMatchObject({ code: 'NotAuthorized', message: 'User is disabled.' });
  });

  it("ProviderName Cognito takes a native user's password away; a linked identity still signs in", async () => {
    const sub = await nativeUser('ed@example.com');
    await link('ed@example.com', '9009');
    await passwordSignIn('ed@example.com');
    await disable('Cognito', 'ed@example.com');
    await expect(passwordSignIn('ed@example.com')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect(await federatedSignIn('9009')).toEqual({ username: sub, sub });
  });

  it('answers UserNotFound for an identity nobody has, and refuses an unauthorised caller', async () => {
    await expect(disable('Google', 'nobody')).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await federatedSignIn('1111');
    const unknown = t.client({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' });
    await expect(disable('Google', '1111', unknown)).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    expect((await federatedSignIn('1111')).username).toBe('google_1111');
  });
});

describe('ListUsers', () => {
  it('shows a federated user with its Cognito user name and UserStatus EXTERNAL_PROVIDER', async () => {
    await nativeUser('fi@example.com');
    const { sub } = await federatedSignIn('1212');
    const r = await t.admin.send(new ListUsersCommand({ UserPoolId: POOL() }));
    const fed = r.Users!.find((u) => u.Username === 'google_1212');
    expect(fed).toMatchObject({ UserStatus: 'EXTERNAL_PROVIDER', Enabled: true });
    expect(fed!.Attributes).toEqual(
      expect.arrayContaining([
        { Name: 'sub', Value: sub },
        { Name: 'email', Value: '1212@gmail.com' },
      ]),
    );
    const filtered = await t.admin.send(new ListUsersCommand({ UserPoolId: POOL(), Filter: 'cognito:user_status = "EXTERNAL_PROVIDER"' }));
    expect(filtered.Users!.map((u) => u.Username)).toEqual(['google_1212']);
    const byName = await t.admin.send(new ListUsersCommand({ UserPoolId: POOL(), Filter: 'username = "google_1212"' }));
    expect(byName.Users!.map((u) => u.Username)).toEqual(['google_1212']);
  });
});
