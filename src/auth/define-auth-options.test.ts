/** defineAuth options honoured at run time, through the real Cognito SDK client. */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  InitiateAuthCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, describe, expect, it } from 'vitest';
import { type AdminAuth, startAdminAuth } from '../../test/support/admin-auth.js';
import type { AuthIR } from '../ir/types.js';
import { createConfirmUserLinkHandler } from '../protocols/cognito/confirm-user-link.js';

let t: AdminAuth;
afterEach(() => t?.close());
const PASSWORD = 'Passw0rd!';

const attributes: AuthIR['userAttributes'] = {
  'custom:age': { dataType: 'Number', required: false, mutable: true, custom: true, min: 0, max: 150 },
  'custom:team': { dataType: 'String', required: false, mutable: false, custom: true, max: 10 },
  given_name: { dataType: 'String', required: true, mutable: true, custom: false },
};

const signUp = (email: string, attrs: Record<string, string>) =>
  t.client().send(
    new SignUpCommand({
      ClientId: t.ir.userPoolClientId,
      Username: email,
      Password: PASSWORD,
      UserAttributes: Object.entries({ email, ...attrs }).map(([Name, Value]) => ({ Name, Value })),
    }),
  );

describe('userAttributes', () => {
  it('SignUp enforces required, declared, typed and bounded attributes', async () => {
    t = await startAdminAuth({ ir: { userAttributes: attributes, requiredAttributes: ['email', 'given_name'] } });
    const invalid = { name: 'InvalidParameterException' };
    await expect(signUp('a@example.com', {})).rejects.toMatchObject({
      ...invalid,
      message: expect.stringContaining('given_name: The attribute given_name is required'),
    });
    await expect(signUp('a@example.com', { given_name: 'A', 'custom:shoe': '9' })).rejects.toMatchObject({
      ...invalid,
      message: 'Attributes did not conform to the schema: Type for attribute {custom:shoe} could not be determined',
    });
    await expect(signUp('a@example.com', { given_name: 'A', 'custom:age': '200' })).rejects.toMatchObject({
      ...invalid,
      message: 'Attributes did not conform to the schema: custom:age: Number must be less than or equal to 150',
    });
    await expect(signUp('a@example.com', { given_name: 'A', 'custom:age': 'old' })).rejects.toMatchObject(invalid);
    await expect(signUp('a@example.com', { given_name: 'A', 'custom:team': 'much-too-long-a-team' })).rejects.toMatchObject(invalid);
    const ok = await signUp('a@example.com', { given_name: 'A', 'custom:age': '42', 'custom:team': 'blue' });
    const got = await t.admin.send(new AdminGetUserCommand({ UserPoolId: t.ir.userPoolId, Username: ok.UserSub }));
    expect(got.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'custom:age', Value: '42' },
        { Name: 'custom:team', Value: 'blue' },
      ]),
    );
  });

  it('immutable attributes cannot be updated, by the user or by an admin; bounds apply to updates', async () => {
    t = await startAdminAuth({ ir: { userAttributes: attributes } });
    await t.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: t.ir.userPoolId,
        Username: 'b@example.com',
        MessageAction: 'SUPPRESS',
        TemporaryPassword: PASSWORD,
        UserAttributes: [{ Name: 'custom:team', Value: 'red' }],
      }),
    );
    const update = (Name: string, Value: string) =>
      t.admin.send(
        new AdminUpdateUserAttributesCommand({ UserPoolId: t.ir.userPoolId, Username: 'b@example.com', UserAttributes: [{ Name, Value }] }),
      );
    await expect(update('custom:team', 'green')).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('custom:team'),
    });
    await expect(update('custom:age', '-1')).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await update('custom:age', '30');

    await signUp('c@example.com', {});
    const { auth } = t;
    await auth.adminConfirmSignUp({ userPoolId: t.ir.userPoolId, username: 'c@example.com' });
    const tokens = await t.client().send(
      new InitiateAuthCommand({
        ClientId: t.ir.userPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'c@example.com', PASSWORD },
      }),
    );
    const AccessToken = tokens.AuthenticationResult!.AccessToken!;
    await expect(
      t.client().send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'custom:age', Value: '1000' }] })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});

describe('emails', () => {
  it('verificationEmailStyle LINK mails a Hearth link that confirms the sign-up when opened', async () => {
    t = await startAdminAuth({
      ir: { verificationEmail: { style: 'LINK', subject: 'Confirm your account', body: 'Welcome! {##Verify my email##}' } },
    });
    const up = await signUp('link@example.com', {});
    const mail = t.mailer.sent.at(-1)!;
    expect(mail.subject).toBe('Confirm your account');
    const url = /Verify my email: (\S+)/.exec(mail.text)?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:4000\/confirmUser\?client_id=/);
    expect(mail.html).toContain('>Verify my email</a>');
    const link = new URL(url);
    const open = createConfirmUserLinkHandler(t.auth);
    const page = await open({ method: 'GET', path: link.pathname, query: link.search.slice(1), headers: {}, body: '' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Your registration has been confirmed!');
    const got = await t.admin.send(new AdminGetUserCommand({ UserPoolId: t.ir.userPoolId, Username: up.UserSub }));
    expect(got.UserStatus).toBe('CONFIRMED');
    const twice = await open({ method: 'GET', path: link.pathname, query: link.search.slice(1), headers: {}, body: '' });
    expect(twice.status).toBe(400);
  });

  it('verification subject and body templates (CODE), the invitation template, and the From address', async () => {
    t = await startAdminAuth({
      ir: {
        verificationEmail: { style: 'CODE', subject: 'Your MyApp code', body: 'Use {####} to finish signing up.' },
        userInvitation: { subject: 'Join MyApp', body: 'Sign in as {username} with {####}' },
        emailSender: { fromEmail: 'hello@myapp.example', fromName: 'MyApp' },
      },
    });
    await signUp('code@example.com', {});
    const mail = t.mailer.sent.at(-1)!;
    expect(mail).toMatchObject({ subject: 'Your MyApp code', from: '"MyApp" <hello@myapp.example>' });
    expect(mail.text).toMatch(/^Use \d{6} to finish signing up\.$/);
    await t.admin.send(
      new AdminCreateUserCommand({ UserPoolId: t.ir.userPoolId, Username: 'inv@example.com', TemporaryPassword: 'Temp0rary!' }),
    );
    expect(t.mailer.sent.at(-1)).toMatchObject({
      subject: 'Join MyApp',
      text: 'Sign in as inv@example.com with Temp0rary!',
      from: '"MyApp" <hello@myapp.example>',
    });
  });
});
