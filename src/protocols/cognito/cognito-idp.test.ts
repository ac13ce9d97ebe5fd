import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  ResendConfirmationCodeCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestAuth, type TestAuth } from '../../../test/support/auth-fakes.js';
import { type AuthHttpServer, startAuthHttpServer } from '../../../test/support/auth-http-server.js';

let t: TestAuth;
let server: AuthHttpServer;
let client: CognitoIdentityProviderClient;
const EMAIL = 'Jane.Doe@example.com';
const PASSWORD = 'Passw0rd!';

beforeEach(async () => {
  t = await createTestAuth({ ir: { triggers: { postConfirmation: 'post-confirmation' } }, triggerTimeoutMs: 200 });
  server = await startAuthHttpServer(t.auth);
  client = new CognitoIdentityProviderClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    maxAttempts: 1,
  });
});
afterEach(async () => {
  client.destroy();
  await server.close();
});

const ClientId = () => t.ir.userPoolClientId;

async function signUpAndConfirm() {
  const up = await client.send(
    new SignUpCommand({ ClientId: ClientId(), Username: EMAIL, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: EMAIL }] }),
  );
  await client.send(new ConfirmSignUpCommand({ ClientId: ClientId(), Username: EMAIL, ConfirmationCode: t.mailer.lastCode(EMAIL) }));
  return up;
}

async function passwordSignIn() {
  const r = await client.send(
    new InitiateAuthCommand({ ClientId: ClientId(), AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: EMAIL, PASSWORD } }),
  );
  return r.AuthenticationResult!;
}

describe('Cognito user pool through the real AWS SDK client', () => {
  it('signs up, confirms, signs in, reads the user, refreshes, signs out globally', async () => {
    const up = await signUpAndConfirm();
    expect(up.UserConfirmed).toBe(false);
    expect(up.CodeDeliveryDetails).toEqual({ Destination: 'j***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    expect(t.mailer.sent[0]).toMatchObject({ to: 'jane.doe@example.com', subject: 'Your verification code' });

    const postConfirmation = t.functions.calls[0];
    expect(postConfirmation?.name).toBe('post-confirmation');
    expect(postConfirmation?.event).toMatchObject({
      version: '1',
      region: 'us-east-1',
      userPoolId: 'us-east-1_hearth',
      userName: up.UserSub,
      triggerSource: 'PostConfirmation_ConfirmSignUp',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: ClientId() },
      request: {
        userAttributes: { sub: up.UserSub, email: 'jane.doe@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' },
      },
      response: {},
    });

    const tokens = await passwordSignIn();
    expect(tokens).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer' });
    const me = await client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
    expect(me.Username).toBe(up.UserSub);
    expect(me.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'sub', Value: up.UserSub },
        { Name: 'email_verified', Value: 'true' },
      ]),
    );

    const refreshed = await client.send(new GetTokensFromRefreshTokenCommand({ ClientId: ClientId(), RefreshToken: tokens.RefreshToken }));
    expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();

    await client.send(new GlobalSignOutCommand({ AccessToken: refreshed.AuthenticationResult!.AccessToken }));
    await expect(client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await expect(
      client.send(new GetTokensFromRefreshTokenCommand({ ClientId: ClientId(), RefreshToken: tokens.RefreshToken })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
  });

  it('accepts the legacy REFRESH_TOKEN_AUTH flow and RevokeToken ends the session', async () => {
    await signUpAndConfirm();
    const tokens = await passwordSignIn();
    const r = await client.send(
      new InitiateAuthCommand({
        ClientId: ClientId(),
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
      }),
    );
    expect(r.AuthenticationResult?.IdToken).toBeTruthy();
    await client.send(new RevokeTokenCommand({ ClientId: ClientId(), Token: tokens.RefreshToken }));
    await expect(client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('hides whether a user exists on sign-in', async () => {
    await signUpAndConfirm();
    const wrong = client.send(
      new InitiateAuthCommand({
        ClientId: ClientId(),
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: EMAIL, PASSWORD: 'Wrong0rd!' },
      }),
    );
    await expect(wrong).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    const unknown = client.send(
      new InitiateAuthCommand({
        ClientId: ClientId(),
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'x@example.com', PASSWORD },
      }),
    );
    await expect(unknown).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('answers UserNotConfirmedException, then accepts a resent code', async () => {
    await client.send(new SignUpCommand({ ClientId: ClientId(), Username: EMAIL, Password: PASSWORD }));
    await expect(passwordSignIn()).rejects.toMatchObject({ name: 'UserNotConfirmedException' });
    const first = t.mailer.lastCode(EMAIL);
    await client.send(new ResendConfirmationCodeCommand({ ClientId: ClientId(), Username: EMAIL }));
    const second = t.mailer.lastCode(EMAIL);
    if (first !== second) {
      await expect(
        client.send(new ConfirmSignUpCommand({ ClientId: ClientId(), Username: EMAIL, ConfirmationCode: first })),
      ).rejects.toMatchObject({ name: 'CodeMismatchException' });
    }
    await client.send(new ConfirmSignUpCommand({ ClientId: ClientId(), Username: EMAIL, ConfirmationCode: second }));
    await expect(passwordSignIn()).resolves.toBeDefined();
  });

  it('refuses a second sign-up and a weak password with Cognito names and messages', async () => {
    await signUpAndConfirm();
    await expect(
      client.send(new SignUpCommand({ ClientId: ClientId(), Username: EMAIL.toUpperCase(), Password: PASSWORD })),
    ).rejects.toMatchObject({ name: 'UsernameExistsException' });
    await expect(
      client.send(new SignUpCommand({ ClientId: ClientId(), Username: 'b@example.com', Password: 'password1!' })),
    ).rejects.toMatchObject({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have uppercase characters',
    });
  });

  it('a throwing postConfirmation fails the call (UserLambdaValidationException) but, as in Cognito, the user stays confirmed', async () => {
    t.functions.behaviour = async () => ({ ok: false, kind: 'error', errorType: 'Error', errorMessage: 'profile table is down' });
    await client.send(new SignUpCommand({ ClientId: ClientId(), Username: EMAIL, Password: PASSWORD }));
    const code = t.mailer.lastCode(EMAIL);
    const confirm = () => client.send(new ConfirmSignUpCommand({ ClientId: ClientId(), Username: EMAIL, ConfirmationCode: code }));
    await expect(confirm()).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PostConfirmation failed with error profile table is down.',
    });
    expect((await t.users.byUsername(EMAIL))?.status).toBe('CONFIRMED');
    await expect(passwordSignIn()).resolves.toBeDefined();
    t.functions.behaviour = async (_n, event) => ({ ok: true, result: event });
    await expect(confirm()).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });

  it('reads a non-string trigger error sensibly (a rejected client.graphql() is a plain object)', async () => {
    const graphqlRejection = { data: null, errors: [{ message: 'Not Authorized to access createUserProfile on type Mutation' }] };
    t.functions.behaviour = async () => ({ ok: false, kind: 'error', errorType: 'Object', errorMessage: graphqlRejection as never });
    await client.send(new SignUpCommand({ ClientId: ClientId(), Username: EMAIL, Password: PASSWORD }));
    const confirm = client.send(
      new ConfirmSignUpCommand({ ClientId: ClientId(), Username: EMAIL, ConfirmationCode: t.mailer.lastCode(EMAIL) }),
    );
    await expect(confirm).rejects.toMatchObject({
      message: 'PostConfirmation failed with error Not Authorized to access createUserProfile on type Mutation.',
    });
  });

  it('reports a trigger that does not answer in time as UnexpectedLambdaException', async () => {
    t.functions.behaviour = () => new Promise(() => {});
    await client.send(new SignUpCommand({ ClientId: ClientId(), Username: EMAIL, Password: PASSWORD }));
    const confirm = client.send(
      new ConfirmSignUpCommand({ ClientId: ClientId(), Username: EMAIL, ConfirmationCode: t.mailer.lastCode(EMAIL) }),
    );
    await expect(confirm).rejects.toMatchObject({
      name: 'UnexpectedLambdaException',
      message: 'PostConfirmation invocation failed due to error Socket timeout while invoking Lambda function.',
    });
  });

  it('names an operation Hearth does not implement', async () => {
    const r = client.send(new ListDevicesCommand({ AccessToken: 'x' }));
    await expect(r).rejects.toMatchObject({
      name: 'UnknownOperationException',
      message: 'Hearth does not implement AWSCognitoIdentityProviderService.ListDevices yet',
    });
  });

  it('refuses a missing parameter with the wording the Amplify client recognises', async () => {
    const r = client.send(new SignUpCommand({ ClientId: ClientId(), Username: EMAIL } as never));
    await expect(r).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must not be null",
    });
  });

  it('answers malformed JSON with SerializationException and the AWS error envelope', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' },
      body: '{"ClientId":',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({ __type: 'SerializationException', message: 'The request body is not a valid JSON object.' });
  });

  it('answers an unknown app client with ResourceNotFoundException', async () => {
    const r = client.send(
      new InitiateAuthCommand({ ClientId: 'nope', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: EMAIL, PASSWORD } }),
    );
    await expect(r).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
