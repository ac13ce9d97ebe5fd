/**
 * The ten user-pool triggers with a real function (bundled and run in a worker, as in the
 * sandbox), driven through the real Cognito SDK client; each test observes the trigger's effect.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AdminAuth, startAdminAuth } from '../../test/support/admin-auth.js';
import { captureLogger, fakeCredentialIssuer, handlerFunction, tempProject } from '../../test/support/function-fakes.js';
import { TRIGGER_HANDLER } from '../../test/support/trigger-handler.js';
import { createFunctionService, type FunctionService } from '../functions/function-service.js';
import { type AuthIR, TRIGGER_NAMES } from '../ir/types.js';

let functions: FunctionService;
let eventLog: string;
let t: AdminAuth;
const PASSWORD = 'Passw0rd!';

beforeAll(async () => {
  const root = await tempProject('hearth-triggers-');
  eventLog = join(root, 'events.jsonl');
  const fn = await handlerFunction(root, 'triggers', TRIGGER_HANDLER, { environment: { EVENT_LOG: eventLog } });
  functions = createFunctionService({
    ir: { projectRoot: root, region: 'us-east-1', functions: [fn], addedOutputs: [] },
    credentials: fakeCredentialIssuer(),
    region: 'us-east-1',
    logger: captureLogger(),
  });
});
afterAll(() => functions.close());
afterEach(() => t?.close());

const allTriggers = Object.fromEntries(TRIGGER_NAMES.map((n) => [n, 'triggers'])) as AuthIR['triggers'];

async function start(ir: Partial<AuthIR> = {}) {
  t = await startAdminAuth({ ir: { triggers: allTriggers, ...ir }, deps: { functions, triggerTimeoutMs: 2000 } });
  return t;
}

async function events(source: string): Promise<any[]> {
  const lines = (await readFile(eventLog, 'utf8')).trim().split('\n');
  return lines.map((l) => JSON.parse(l)).filter((e) => e.triggerSource === source);
}

const clientId = () => t.ir.userPoolClientId;
const signUp = (email: string, attrs: { Name: string; Value: string }[] = []) =>
  t.client().send(
    new SignUpCommand({
      ClientId: clientId(),
      Username: email,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }, ...attrs],
    }),
  );
const passwordAuth = (email: string, password = PASSWORD) =>
  t.client().send(
    new InitiateAuthCommand({
      ClientId: clientId(),
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
async function confirmed(email: string, attrs: { Name: string; Value: string }[] = []) {
  await signUp(email, attrs);
  await t.client().send(new ConfirmSignUpCommand({ ClientId: clientId(), Username: email, ConfirmationCode: t.mailer.lastCode(email) }));
}

describe('preSignUp', () => {
  it('auto-confirms and verifies (PreSignUp_SignUp): no code is sent and the user signs in at once', async () => {
    await start();
    const up = await signUp('auto@example.com');
    expect(up.UserConfirmed).toBe(true);
    expect(up.CodeDeliveryDetails).toBeUndefined();
    expect(t.mailer.sent).toHaveLength(0);
    const tokens = (await passwordAuth('auto@example.com')).AuthenticationResult!;
    expect(decodeJwt(tokens.IdToken!).email_verified).toBe(true);
    // an auto-confirmed user reaches postConfirmation at sign-up
    expect((await events('PostConfirmation_ConfirmSignUp')).map((x) => x.request.userAttributes.email)).toContain('auto@example.com');
    const [e] = await events('PreSignUp_SignUp');
    expect(e).toMatchObject({
      version: '1',
      userPoolId: t.ir.userPoolId,
      callerContext: { clientId: clientId() },
      request: { userAttributes: { email: 'auto@example.com' } },
      response: {},
    });
  });

  it('a throw refuses the sign-up with UserLambdaValidationException, and creates no user', async () => {
    await start();
    await expect(signUp('blocked@example.com')).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error sign-ups are closed.',
    });
    // unknown, so sign-in asks userMigration (attached here), which knows nothing of it either
    await expect(passwordAuth('blocked@example.com')).rejects.toMatchObject({ message: 'UserMigration failed with error Bad password.' });
  });

  it('a trigger that outlasts its time fails with the timeout error', async () => {
    await start();
    await expect(signUp('slow@example.com')).rejects.toMatchObject({
      name: 'UnexpectedLambdaException',
      message: 'PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.',
    });
  });

  it('runs as PreSignUp_AdminCreateUser for admin-created users, whose flags it does not set', async () => {
    await start();
    const create = (Username: string) =>
      t.admin.send(new AdminCreateUserCommand({ UserPoolId: t.ir.userPoolId, Username, MessageAction: 'SUPPRESS' }));
    const r = await create('auto-admin@example.com');
    expect(r.User).toMatchObject({ UserStatus: 'FORCE_CHANGE_PASSWORD' });
    expect(r.User?.Attributes).toContainEqual({ Name: 'email_verified', Value: 'false' });
    await expect(create('blocked-admin@example.com')).rejects.toMatchObject({ name: 'UserLambdaValidationException' });
    expect((await events('PreSignUp_AdminCreateUser')).map((e) => e.request.userAttributes.email)).toContain('auto-admin@example.com');
  });
});

describe('customMessage', () => {
  it('writes the sign-up, resend and invitation emails; Hearth fills in the code and user name', async () => {
    await start();
    await signUp('ann@custom.io');
    const first = t.mailer.sent.at(-1)!;
    expect(first.subject).toBe('Hello from CustomMessage_SignUp');
    expect(first.html).toMatch(/^<p>Your code: \d{6} \(user -\)<\/p>$/);
    await t.client().send(new ResendConfirmationCodeCommand({ ClientId: clientId(), Username: 'ann@custom.io' }));
    expect(t.mailer.sent.at(-1)?.subject).toBe('Hello from CustomMessage_ResendCode');
    await t.admin.send(
      new AdminCreateUserCommand({ UserPoolId: t.ir.userPoolId, Username: 'bo@custom.io', TemporaryPassword: 'Temp0rary!' }),
    );
    const invite = t.mailer.sent.at(-1)!;
    expect(invite).toMatchObject({
      subject: 'Hello from CustomMessage_AdminCreateUser',
      text: 'Your code: Temp0rary! (user bo@custom.io)',
    });
    const [e] = await events('CustomMessage_SignUp');
    expect(e.request).toMatchObject({ codeParameter: '{####}', linkParameter: '{##Click Here##}', usernameParameter: null });
  });
});

describe('sign-in triggers', () => {
  it('preAuthentication can refuse a sign-in; postAuthentication and postConfirmation run with Cognito events', async () => {
    await start();
    await confirmed('ok@example.com');
    await confirmed('bad@example.com', [{ Name: 'nickname', Value: 'banned' }]);
    await expect(passwordAuth('bad@example.com')).rejects.toMatchObject({
      name: 'UserLambdaValidationException',
      message: 'PreAuthentication failed with error this account is banned.',
    });
    expect((await passwordAuth('ok@example.com')).AuthenticationResult?.AccessToken).toBeTruthy();
    const post = (await events('PostAuthentication_Authentication')).filter((e) =>
      ['ok@example.com', 'bad@example.com'].includes(e.request.userAttributes.email),
    );
    expect(post.map((e) => e.request.userAttributes.email)).toEqual(['ok@example.com']);
    expect(post[0].request).toMatchObject({ newDeviceUsed: false, userAttributes: { 'cognito:user_status': 'CONFIRMED' } });
    expect((await events('PostConfirmation_ConfirmSignUp')).map((e) => e.request.userAttributes.email)).toContain('ok@example.com');
    expect((await events('PreAuthentication_Authentication')).some((e) => e.request.userAttributes.email === 'bad@example.com')).toBe(true);
  });

  it('preTokenGeneration V1 (Amplify default) changes the id token and the groups of both tokens, also on refresh', async () => {
    await start();
    await confirmed('tok@example.com');
    const r = (await passwordAuth('tok@example.com')).AuthenticationResult!;
    const id = decodeJwt(r.IdToken!);
    const access = decodeJwt(r.AccessToken!);
    expect(id).toMatchObject({ tier: 'gold', 'cognito:groups': ['VIP'] });
    expect(id.email).toBeUndefined();
    expect(access['cognito:groups']).toEqual(['VIP']);
    expect(access.plan).toBeUndefined();
    const refreshed = await t.client().send(
      new InitiateAuthCommand({
        ClientId: clientId(),
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: r.RefreshToken! },
      }),
    );
    expect(decodeJwt(refreshed.AuthenticationResult!.IdToken!).tier).toBe('gold');
    expect((await events('TokenGeneration_RefreshTokens')).at(-1)?.version).toBe('1');
  });

  it('preTokenGeneration V2 (`{ handler, version: "v2_0" }`) also changes the access token and its scopes', async () => {
    await start({ preTokenGenerationVersion: '2' });
    await confirmed('v2@example.com');
    const r = (await passwordAuth('v2@example.com')).AuthenticationResult!;
    expect(decodeJwt(r.IdToken!).tier).toBe('platinum');
    const access = decodeJwt(r.AccessToken!);
    expect(access).toMatchObject({ plan: 'pro', scope: 'aws.cognito.signin.user.admin notes/read' });
    const e = (await events('TokenGeneration_Authentication')).at(-1);
    expect(e).toMatchObject({ version: '2', request: { scopes: ['aws.cognito.signin.user.admin'] } });
  });

  it('userMigration creates an unknown user on USER_PASSWORD_AUTH sign-in, keeping the password', async () => {
    await start();
    await expect(passwordAuth('old@legacy.io', 'wrong')).rejects.toMatchObject({ name: 'UserLambdaValidationException' });
    const first = (await passwordAuth('old@legacy.io', 'Legacy1!pw')).AuthenticationResult!;
    expect(decodeJwt(first.IdToken!)).toMatchObject({ email_verified: true });
    // the second sign-in is an ordinary one: the user now exists with that password
    expect((await passwordAuth('old@legacy.io', 'Legacy1!pw')).AuthenticationResult?.AccessToken).toBeTruthy();
    const migrations = (await events('UserMigration_Authentication')).filter((e) => e.userName === 'old@legacy.io');
    expect(migrations.map((e) => e.request.password)).toEqual(['wrong', 'Legacy1!pw']);
  });

  it('CUSTOM_AUTH runs the define / create / verify loop with a session until tokens or failure', async () => {
    await start();
    await confirmed('quiz@example.com');
    const auth = (email: string) =>
      t.client().send(new InitiateAuthCommand({ ClientId: clientId(), AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: email } }));
    const answer = (session: string, value: string) =>
      t.client().send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId(),
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: session,
          ChallengeResponses: { USERNAME: 'quiz@example.com', ANSWER: value },
        }),
      );
    const c1 = await auth('quiz@example.com');
    expect(c1).toMatchObject({ ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { question: 'What is 6 x 7?' } });
    const c2 = await answer(c1.Session!, '41');
    expect(c2.ChallengeName).toBe('CUSTOM_CHALLENGE');
    const done = await answer(c2.Session!, '42');
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    await expect(answer(c2.Session!, '42')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const defines = await events('DefineAuthChallenge_Authentication');
    expect(defines.at(-1).request.session).toEqual([
      { challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'QUESTION-0' },
      { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'QUESTION-1' },
    ]);

    const again = await auth('quiz@example.com');
    const wrong = await answer(again.Session!, '1');
    await expect(answer(wrong.Session!, '2')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });
});

describe('attribute verification messages', () => {
  it('customMessage writes the UpdateUserAttribute and VerifyUserAttribute emails', async () => {
    await start();
    await confirmed('upd@custom.io');
    const AccessToken = (await passwordAuth('upd@custom.io')).AuthenticationResult!.AccessToken!;
    await t.client().send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: 'moved@custom.io' }] }));
    expect(t.mailer.sent.at(-1)).toMatchObject({ to: 'moved@custom.io', subject: 'Hello from CustomMessage_UpdateUserAttribute' });
    await t.client().send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
    expect(t.mailer.sent.at(-1)?.subject).toBe('Hello from CustomMessage_VerifyUserAttribute');
  });
});

describe('password recovery triggers', () => {
  it('customMessage writes the reset email; a reset runs PostConfirmation_ConfirmForgotPassword', async () => {
    await start();
    await confirmed('fp@custom.io');
    await t.client().send(new ForgotPasswordCommand({ ClientId: clientId(), Username: 'fp@custom.io' }));
    const mail = t.mailer.sent.at(-1)!;
    expect(mail.subject).toBe('Hello from CustomMessage_ForgotPassword');
    const code = /Your code: (\d{6})/.exec(mail.text)?.[1] ?? '';
    await t.client().send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId(),
        Username: 'fp@custom.io',
        ConfirmationCode: code,
        Password: 'N3w-passw0rd',
      }),
    );
    const post = (await events('PostConfirmation_ConfirmForgotPassword')).at(-1);
    expect(post?.request.userAttributes.email).toBe('fp@custom.io');
    expect((await passwordAuth('fp@custom.io', 'N3w-passw0rd')).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('ForgotPassword for an unknown user asks userMigration (UserMigration_ForgotPassword)', async () => {
    await start();
    await t.client().send(new ForgotPasswordCommand({ ClientId: clientId(), Username: 'ghost@example.com' }));
    expect((await events('UserMigration_ForgotPassword')).at(-1)).toMatchObject({ userName: 'ghost@example.com', request: {} });
    expect(t.mailer.sent).toHaveLength(0);
  });
});
