import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminResetUserPasswordCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  SignUpCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AdminAuth, startAdminAuth } from '../../../test/support/admin-auth.js';

let t: AdminAuth;
const PASSWORD = 'Passw0rd!';
const POOL = () => t.ir.userPoolId;
const ClientId = () => t.ir.userPoolClientId;

beforeEach(async () => {
  t = await startAdminAuth({ ir: { groups: ['ADMINS', 'EDITORS'], groupPrecedence: { ADMINS: 0, EDITORS: 1 } } });
});
afterEach(() => t.close());

async function createConfirmed(email: string, attrs: { Name: string; Value: string }[] = []) {
  const r = await t.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: POOL(),
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }, ...attrs],
    }),
  );
  await t.admin.send(new AdminSetUserPasswordCommand({ UserPoolId: POOL(), Username: email, Password: PASSWORD, Permanent: true }));
  return r.User!.Username!;
}

const signIn = (email: string, password = PASSWORD) =>
  t.client().send(
    new InitiateAuthCommand({
      ClientId: ClientId(),
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );

describe('admin user operations through the real SDK, signed with the admin key', () => {
  it('AdminCreateUser mails an invitation with a temporary password; the user must change it', async () => {
    const r = await t.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL(),
        Username: 'new@example.com',
        UserAttributes: [{ Name: 'email', Value: 'new@example.com' }],
      }),
    );
    expect(r.User).toMatchObject({ UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
    expect(r.User?.UserCreateDate).toBeInstanceOf(Date);
    const mail = t.mailer.sent.at(-1)!;
    expect(mail).toMatchObject({ to: 'new@example.com', subject: 'Your temporary password' });
    const temp = /temporary password is (\S+)\.$/.exec(mail.text)?.[1];
    expect(temp).toBeTruthy();
    expect(mail.text).toContain('Your username is new@example.com');
    const first = await signIn('new@example.com', temp);
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('MessageAction SUPPRESS sends nothing; RESEND mails a new temporary password', async () => {
    await t.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL(),
        Username: 'q@example.com',
        MessageAction: 'SUPPRESS',
        TemporaryPassword: 'Temp0rary!',
      }),
    );
    expect(t.mailer.sent).toHaveLength(0);
    await t.admin.send(new AdminCreateUserCommand({ UserPoolId: POOL(), Username: 'q@example.com', MessageAction: 'RESEND' }));
    expect(t.mailer.sent).toHaveLength(1);
    expect(t.mailer.sent[0]?.text).not.toContain('Temp0rary!');
  });

  it('gets, updates, disables, enables and deletes a user', async () => {
    const sub = await createConfirmed('ann@example.com', [{ Name: 'name', Value: 'Ann' }]);
    const got = await t.admin.send(new AdminGetUserCommand({ UserPoolId: POOL(), Username: 'ann@example.com' }));
    expect(got).toMatchObject({ Username: sub, UserStatus: 'CONFIRMED', Enabled: true });
    expect(got.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'name', Value: 'Ann' },
        { Name: 'sub', Value: sub },
      ]),
    );

    await t.admin.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: POOL(), Username: sub, UserAttributes: [{ Name: 'name', Value: 'Anna' }] }),
    );
    const updated = await t.admin.send(new AdminGetUserCommand({ UserPoolId: POOL(), Username: sub }));
    expect(updated.UserAttributes).toContainEqual({ Name: 'name', Value: 'Anna' });

    await t.admin.send(new AdminDisableUserCommand({ UserPoolId: POOL(), Username: sub }));
    await expect(signIn('ann@example.com')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    await t.admin.send(new AdminEnableUserCommand({ UserPoolId: POOL(), Username: sub }));
    expect((await signIn('ann@example.com')).AuthenticationResult?.AccessToken).toBeTruthy();

    await t.admin.send(new AdminDeleteUserCommand({ UserPoolId: POOL(), Username: sub }));
    await expect(t.admin.send(new AdminGetUserCommand({ UserPoolId: POOL(), Username: sub }))).rejects.toMatchObject({
      name: 'UserNotFoundException',
    });
  });

  it('AdminConfirmSignUp confirms a self-signed-up user and runs postConfirmation', async () => {
    const up = await t.client().send(new SignUpCommand({ ClientId: ClientId(), Username: 'self@example.com', Password: PASSWORD }));
    t.ir.triggers.postConfirmation = 'post-confirmation';
    await t.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL(), Username: 'self@example.com' }));
    const got = await t.admin.send(new AdminGetUserCommand({ UserPoolId: POOL(), Username: up.UserSub }));
    expect(got.UserStatus).toBe('CONFIRMED');
    expect(t.functions.calls.at(-1)?.event).toMatchObject({ triggerSource: 'PostConfirmation_ConfirmSignUp', userName: up.UserSub });
  });

  it('AdminSetUserPassword Permanent false makes the password temporary', async () => {
    await createConfirmed('p@example.com');
    await t.admin.send(
      new AdminSetUserPasswordCommand({ UserPoolId: POOL(), Username: 'p@example.com', Password: 'Other0ne!', Permanent: false }),
    );
    const got = await t.admin.send(new AdminGetUserCommand({ UserPoolId: POOL(), Username: 'p@example.com' }));
    expect(got.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect((await signIn('p@example.com', 'Other0ne!')).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('AdminResetUserPassword requires a reset and mails a code', async () => {
    await createConfirmed('r@example.com');
    await t.admin.send(new AdminResetUserPasswordCommand({ UserPoolId: POOL(), Username: 'r@example.com' }));
    expect(t.mailer.lastCode('r@example.com')).toMatch(/^\d{6}$/);
    await expect(signIn('r@example.com')).rejects.toMatchObject({ name: 'PasswordResetRequiredException' });
  });

  it('AdminInitiateAuth signs in with a password and refreshes; AdminUserGlobalSignOut ends the session', async () => {
    await createConfirmed('i@example.com');
    const r = await t.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL(),
        ClientId: ClientId(),
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'i@example.com', PASSWORD },
      }),
    );
    const tokens = r.AuthenticationResult!;
    const refreshed = await t.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL(),
        ClientId: ClientId(),
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
      }),
    );
    expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy();
    // the token was in use (this instance caches its user's revocation state): refused at once all the same
    expect((await t.client().send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).Username).toBeTruthy();
    await t.admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: POOL(), Username: 'i@example.com' }));
    await expect(t.client().send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });
});

describe('AdminRespondToAuthChallenge', () => {
  it('completes NEW_PASSWORD_REQUIRED after AdminInitiateAuth with a temporary password', async () => {
    await t.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL(),
        Username: 'tmp@example.com',
        MessageAction: 'SUPPRESS',
        TemporaryPassword: 'Temp0rary!',
      }),
    );
    const start = await t.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL(),
        ClientId: ClientId(),
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'tmp@example.com', PASSWORD: 'Temp0rary!' },
      }),
    );
    expect(start.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const done = await t.admin.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: POOL(),
        ClientId: ClientId(),
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: start.Session,
        ChallengeResponses: { USERNAME: 'tmp@example.com', NEW_PASSWORD: 'Final-Passw0rd' },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await signIn('tmp@example.com', 'Final-Passw0rd')).AuthenticationResult).toBeTruthy();
  });
});

describe('ListUsers', () => {
  it('filters with = and ^=, returns only AttributesToGet, and pages with Limit and PaginationToken', async () => {
    for (const e of ['amy@example.com', 'bob@example.com', 'bea@other.org']) await createConfirmed(e);
    const exact = await t.admin.send(new ListUsersCommand({ UserPoolId: POOL(), Filter: 'email = "bob@example.com"' }));
    expect(exact.Users?.map((u) => u.Attributes?.find((a) => a.Name === 'email')?.Value)).toEqual(['bob@example.com']);
    const prefix = await t.admin.send(new ListUsersCommand({ UserPoolId: POOL(), Filter: 'email ^= "b"', AttributesToGet: ['email'] }));
    const attrs = prefix.Users?.map((u) => u.Attributes);
    expect(attrs).toHaveLength(2);
    expect(attrs).toEqual(
      expect.arrayContaining([[{ Name: 'email', Value: 'bob@example.com' }], [{ Name: 'email', Value: 'bea@other.org' }]]),
    );

    const first = await t.admin.send(new ListUsersCommand({ UserPoolId: POOL(), Limit: 2 }));
    expect(first.Users).toHaveLength(2);
    const rest = await t.admin.send(new ListUsersCommand({ UserPoolId: POOL(), Limit: 2, PaginationToken: first.PaginationToken }));
    expect(rest.Users).toHaveLength(1);
    expect(rest.PaginationToken).toBeUndefined();
    const all = [...first.Users!, ...rest.Users!].map((u) => u.Username);
    expect(new Set(all).size).toBe(3);

    await expect(t.admin.send(new ListUsersCommand({ UserPoolId: POOL(), Filter: 'nickname = "x"' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});

describe('groups', () => {
  it('defineAuth groups exist at start with their precedence; groups can be created, read, listed and deleted', async () => {
    const listed = await t.admin.send(new ListGroupsCommand({ UserPoolId: POOL() }));
    expect(listed.Groups?.map((g) => [g.GroupName, g.Precedence])).toEqual([
      ['ADMINS', 0],
      ['EDITORS', 1],
    ]);
    await t.admin.send(new CreateGroupCommand({ UserPoolId: POOL(), GroupName: 'READERS', Description: 'read only', Precedence: 5 }));
    const got = await t.admin.send(new GetGroupCommand({ UserPoolId: POOL(), GroupName: 'READERS' }));
    expect(got.Group).toMatchObject({ GroupName: 'READERS', Description: 'read only', Precedence: 5, UserPoolId: POOL() });
    await expect(t.admin.send(new CreateGroupCommand({ UserPoolId: POOL(), GroupName: 'READERS' }))).rejects.toMatchObject({
      name: 'GroupExistsException',
    });
    const updated = await t.admin.send(new UpdateGroupCommand({ UserPoolId: POOL(), GroupName: 'READERS', Precedence: 2 }));
    expect(updated.Group).toMatchObject({ GroupName: 'READERS', Description: 'read only', Precedence: 2 });
    await t.admin.send(new DeleteGroupCommand({ UserPoolId: POOL(), GroupName: 'READERS' }));
    await expect(t.admin.send(new GetGroupCommand({ UserPoolId: POOL(), GroupName: 'READERS' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('membership shows in cognito:groups of both tokens, in the lists, and goes away on removal', async () => {
    const sub = await createConfirmed('g@example.com');
    await t.admin.send(new AdminAddUserToGroupCommand({ UserPoolId: POOL(), Username: 'g@example.com', GroupName: 'EDITORS' }));
    await t.admin.send(new AdminAddUserToGroupCommand({ UserPoolId: POOL(), Username: sub, GroupName: 'ADMINS' }));
    const tokens = (await signIn('g@example.com')).AuthenticationResult!;
    expect(decodeJwt(tokens.AccessToken!)['cognito:groups']).toEqual(['EDITORS', 'ADMINS']);
    expect(decodeJwt(tokens.IdToken!)['cognito:groups']).toEqual(['EDITORS', 'ADMINS']);

    const forUser = await t.admin.send(new AdminListGroupsForUserCommand({ UserPoolId: POOL(), Username: sub }));
    expect(forUser.Groups?.map((g) => g.GroupName)).toEqual(['ADMINS', 'EDITORS']);
    const members = await t.admin.send(new ListUsersInGroupCommand({ UserPoolId: POOL(), GroupName: 'ADMINS' }));
    expect(members.Users?.map((u) => u.Username)).toEqual([sub]);

    await t.admin.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: POOL(), Username: sub, GroupName: 'ADMINS' }));
    const again = (await signIn('g@example.com')).AuthenticationResult!;
    expect(decodeJwt(again.AccessToken!)['cognito:groups']).toEqual(['EDITORS']);
    await expect(
      t.admin.send(new AdminAddUserToGroupCommand({ UserPoolId: POOL(), Username: sub, GroupName: 'NOPE' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('who may call admin operations', () => {
  it('refuses unsigned, wrongly signed and unknown-key calls in Cognito error shape', async () => {
    const unsigned = await fetch(t.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers' },
      body: JSON.stringify({ UserPoolId: POOL() }),
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('UnrecognizedClientException');
    expect(await unsigned.json()).toMatchObject({ __type: 'UnrecognizedClientException' });

    const wrongSecret = t.client({ accessKeyId: 'HEARTHADMINTEST', secretAccessKey: 'not-the-secret' });
    await expect(wrongSecret.send(new ListUsersCommand({ UserPoolId: POOL() }))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
    });
    const unknown = t.client({ accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' });
    await expect(unknown.send(new ListUsersCommand({ UserPoolId: POOL() }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
  });

  it('a function may call exactly the operations defineAuth access granted it', async () => {
    t.ir.access = { 'add-to-group': ['AdminAddUserToGroup'] };
    const c = t.auth.credentials.issue({ kind: 'function', functionName: 'add-to-group' }, 300);
    const fn = t.client({ accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken });
    const sub = await createConfirmed('f@example.com');
    await fn.send(new AdminAddUserToGroupCommand({ UserPoolId: POOL(), Username: sub, GroupName: 'ADMINS' }));
    await expect(fn.send(new AdminDeleteUserCommand({ UserPoolId: POOL(), Username: sub }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    const other = t.auth.credentials.issue({ kind: 'function', functionName: 'other-fn' }, 300);
    const otherClient = t.client({
      accessKeyId: other.accessKeyId,
      secretAccessKey: other.secretAccessKey,
      sessionToken: other.sessionToken,
    });
    await expect(otherClient.send(new ListUsersCommand({ UserPoolId: POOL() }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('a wrong UserPoolId is a pool that does not exist', async () => {
    await expect(t.admin.send(new ListUsersCommand({ UserPoolId: 'us-east-1_other' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
