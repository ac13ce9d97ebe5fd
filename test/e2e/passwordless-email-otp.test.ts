/**
 * Passwordless sign-in with a mailed code (defineAuth `loginWith.email.otpLogin`), driven by the
 * unmodified aws-amplify v6 client in Node against Hearth started in process on the user-profile
 * example (SQLite, and PostgreSQL when HEARTH_TEST_DATABASE_URL is set): the outputs' passwordless
 * block, USER_AUTH with PREFERRED_CHALLENGE EMAIL_OTP and through SELECT_CHALLENGE, the code from
 * the dev mailbox as the customMessage trigger (CustomMessage_Authentication) worded it; and, on
 * the wire, a wrong code, a spent session, an expired one, lockout, an unknown user, SMS_OTP, and
 * the passkey operations refused to a caller without a valid access token, and the codes-per-hour
 * limit on sign-in codes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { confirmSignIn, confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COGNITO_DEFAULT_LIMITS } from '../../src/auth/rate-limits.js';
import { configureAmplify } from '../../src/client/index.js';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { copyExample } from '../support/app-copy.js';
import { type CognitoError, cognitoJson } from '../support/cognito-json.js';
import { mailboxOf } from '../support/mailbox.js';
import { databaseFor, E2E_ENGINES } from '../support/pg-schema.js';

const PASSWORD = 'Correct-horse-9';
const CODES_PER_HOUR = 30;

const AUTH_RESOURCE = `import { defineAuth } from '@aws-amplify/backend';
import { postConfirmation } from './post-confirmation/resource';
import { customMessage } from './custom-message/resource';

export const auth = defineAuth({
  loginWith: { email: { otpLogin: true } },
  passwordlessOptions: { preferredChallenge: 'EMAIL_OTP' },
  triggers: { postConfirmation, customMessage },
});
`;
const CUSTOM_MESSAGE_RESOURCE = `import { defineFunction } from '@aws-amplify/backend';
export const customMessage = defineFunction({ name: 'custom-message' });
`;
const CUSTOM_MESSAGE_HANDLER = `export const handler = async (event: any) => {
  if (event.triggerSource === 'CustomMessage_Authentication') {
    event.response.emailSubject = 'Sign in to Notes';
    event.response.emailMessage = 'Your Notes sign-in code is ' + event.request.codeParameter + '.';
  }
  return event;
};
`;

/** A clock that follows real time and can be moved ahead (tokens stay valid for the client). */
const movableClock = () => {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
};

for (const engine of E2E_ENGINES) {
  const title = `email OTP sign-in on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`;
  describe.skipIf(Boolean(engine.skip))(title, () => {
    let app: ReturnType<typeof copyExample>;
    let backend: RunningBackend;
    let db: Awaited<ReturnType<typeof databaseFor>>;
    let outputs: any;
    let endpoint: string;
    const clock = movableClock();
    const email = `otp-${engine.name}-${Date.now().toString(36)}@example.com`;

    const port = () => Number(new URL(backend.urls.base).port);
    const mails = () => mailboxOf(port(), email);
    const newestCode = async () => /(\d{6})/.exec((await mails()).at(-1)?.text ?? '')?.[1] ?? '';
    const wire = (op: string, body: object) => cognitoJson(endpoint, op, { ClientId: outputs.auth.user_pool_client_id, ...body });
    const startOtp = (username = email) =>
      wire('InitiateAuth', { AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'EMAIL_OTP' } });
    const answer = (session: string, code: string, username = email) =>
      wire('RespondToAuthChallenge', {
        ChallengeName: 'EMAIL_OTP',
        Session: session,
        ChallengeResponses: { USERNAME: username, EMAIL_OTP_CODE: code },
      });
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: CognitoError) => `${e.name}: ${e.message}`,
      );

    beforeAll(async () => {
      app = copyExample('user-profile');
      writeFileSync(join(app.dir, 'amplify/auth/resource.ts'), AUTH_RESOURCE);
      mkdirSync(join(app.dir, 'amplify/auth/custom-message'), { recursive: true });
      writeFileSync(join(app.dir, 'amplify/auth/custom-message/resource.ts'), CUSTOM_MESSAGE_RESOURCE);
      writeFileSync(join(app.dir, 'amplify/auth/custom-message/handler.ts'), CUSTOM_MESSAGE_HANDLER);
      db = await databaseFor(engine.name);
      backend = await startBackend({
        projectRoot: app.dir,
        host: '127.0.0.1',
        port: 0,
        mailbox: true,
        logger: silentLogger,
        databaseUrl: db.url,
        clock,
        rateLimits: { ...COGNITO_DEFAULT_LIMITS, codesPerUserPerHour: CODES_PER_HOUR },
      });
      outputs = JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8'));
      endpoint = outputs.custom.hearth.userPoolEndpoint;
      configureAmplify(outputs);
      await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
      await confirmSignUp({ username: email, confirmationCode: await newestCode() });
    }, 60_000);

    afterAll(async () => {
      await signOut().catch(() => {});
      await backend?.close();
      await db?.drop();
      app?.remove();
    });

    it('writes the passwordless block of amplify_outputs.json', () => {
      expect(outputs.auth.passwordless).toEqual({ email_otp_enabled: true, sms_otp_enabled: false, preferred_challenge: 'EMAIL_OTP' });
    });

    it('signs in with a code from the mailbox, worded by the customMessage trigger', async () => {
      const before = (await mails()).length;
      const first = await signIn({ username: email, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
      expect(first.nextStep).toMatchObject({
        signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE',
        codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: expect.stringMatching(/^o\*\*\*@e\*\*\*/) },
      });
      const mail = (await mails()).at(-1);
      expect((await mails()).length).toBe(before + 1);
      expect(mail?.subject).toBe('Sign in to Notes');
      const code = /Your Notes sign-in code is (\d{6})\./.exec(mail?.text ?? '')?.[1] ?? '';
      expect(code).toMatch(/^\d{6}$/);
      const done = await confirmSignIn({ challengeResponse: code });
      expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
      const { tokens } = await fetchAuthSession();
      expect(tokens?.idToken?.payload.email).toBe(email);
      await signOut();
    });

    it('takes the preferred challenge from the outputs when the app names none', async () => {
      const first = await signIn({ username: email, options: { authFlowType: 'USER_AUTH' } });
      expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
      const wrong = (await newestCode()) === '000000' ? '111111' : '000000';
      await expect(confirmSignIn({ challengeResponse: wrong })).rejects.toMatchObject({ name: 'CodeMismatchException' });
      expect(await confirmSignIn({ challengeResponse: await newestCode() })).toMatchObject({ isSignedIn: true });
      await signOut();
    });

    it('offers EMAIL_OTP in SELECT_CHALLENGE, and signs in after that choice', async () => {
      const raw = await wire('InitiateAuth', { AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email } });
      expect(raw).toMatchObject({ ChallengeName: 'SELECT_CHALLENGE', AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] });
      const chosen = await wire('RespondToAuthChallenge', {
        ChallengeName: 'SELECT_CHALLENGE',
        Session: raw.Session,
        ChallengeResponses: { USERNAME: email, ANSWER: 'EMAIL_OTP' },
      });
      expect(chosen).toMatchObject({ ChallengeName: 'EMAIL_OTP', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL' } });
      const tokens = await answer(chosen.Session, await newestCode());
      expect(tokens.AuthenticationResult.AccessToken).toBeTruthy();
    });

    it('accepts a code once: the same answer again is refused', async () => {
      const start = await startOtp();
      const code = await newestCode();
      expect((await answer(start.Session, code)).AuthenticationResult).toBeTruthy();
      expect(await refusal(answer(start.Session, code))).toMatch(/^ExpiredCodeException/);
    });

    it('refuses a code past its 3 minutes', async () => {
      const start = await startOtp();
      const code = await newestCode();
      clock.advance(3 * 60 * 1000 + 1_000);
      expect(await refusal(answer(start.Session, code))).toMatch(/^NotAuthorizedException: .*expired/);
    });

    it('counts wrong codes towards the sign-in lockout, and kills the code after 5', async () => {
      const start = await startOtp();
      const code = await newestCode();
      const wrong = code === '000000' ? '111111' : '000000';
      for (let n = 0; n < 5; n++) expect(await refusal(answer(start.Session, wrong))).toMatch(/^CodeMismatchException/);
      // locked (1 s after the fifth failure), whichever code comes
      expect(await refusal(answer(start.Session, code))).toBe('NotAuthorizedException: Password attempts exceeded');
      expect(await refusal(startOtp())).toBe('NotAuthorizedException: Password attempts exceeded');
      clock.advance(2_000);
      expect(await refusal(answer(start.Session, code))).toMatch(/^TooManyFailedAttemptsException/);
      clock.advance(15 * 60 * 1000); // the lock is over and forgotten
      const again = await startOtp();
      expect((await answer(again.Session, await newestCode())).AuthenticationResult).toBeTruthy();
    });

    it('answers a name nobody has like a real one, mails nothing, and takes no code', async () => {
      const stranger = `nobody-${Date.now().toString(36)}@example.com`;
      const start = await startOtp(stranger);
      expect(start).toMatchObject({ ChallengeName: 'EMAIL_OTP', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL' } });
      expect(await mailboxOf(port(), stranger)).toEqual([]);
      expect(await refusal(answer(start.Session, '123456', stranger))).toMatch(/^CodeMismatchException/);
    });

    it('refuses SMS_OTP (Hearth sends no SMS) and a session of another user', async () => {
      const sms = wire('InitiateAuth', { AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'SMS_OTP' } });
      expect(await refusal(sms)).toMatch(/^UnsupportedOperationException: .*SMS/);
      const start = await startOtp();
      expect(await refusal(answer(start.Session, await newestCode(), 'someone.else@example.com'))).toMatch(/^NotAuthorizedException/);
    });

    it('limits the sign-in codes asked for one name: LimitExceededException past the hourly number', async () => {
      const name = `limited-${engine.name}-${Date.now().toString(36)}@example.com`;
      for (let n = 0; n < CODES_PER_HOUR; n++) {
        clock.advance(200); // under the 10 requests per second per name
        expect((await startOtp(name)).ChallengeName).toBe('EMAIL_OTP');
      }
      expect(await refusal(startOtp(name))).toBe('LimitExceededException: Attempt limit exceeded, please try after some time.');
      const select = await wire('InitiateAuth', { AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: name } });
      const chosen = wire('RespondToAuthChallenge', {
        ChallengeName: 'SELECT_CHALLENGE',
        Session: select.Session,
        ChallengeResponses: { USERNAME: name, ANSWER: 'EMAIL_OTP' },
      });
      expect(await refusal(chosen)).toMatch(/^LimitExceededException/);
    });

    it('refuses the passkey operations without a valid access token, and says passkeys are off', async () => {
      const bad = 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln';
      expect(await refusal(cognitoJson(endpoint, 'StartWebAuthnRegistration', {}))).toMatch(/^InvalidParameterException/);
      expect(await refusal(cognitoJson(endpoint, 'StartWebAuthnRegistration', { AccessToken: bad }))).toMatch(
        /^WebAuthnNotEnabledException/,
      );
      const start = await startOtp();
      const { AuthenticationResult } = await answer(start.Session, await newestCode());
      const list = cognitoJson(endpoint, 'ListWebAuthnCredentials', { AccessToken: AuthenticationResult.AccessToken });
      expect(await refusal(list)).toMatch(/^WebAuthnNotEnabledException/);
    });
  });
}
