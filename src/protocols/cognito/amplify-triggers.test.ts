/**
 * The unmodified aws-amplify v6 client through the trigger-driven flows: custom auth
 * (`authFlowType: 'CUSTOM_WITHOUT_SRP'` then confirmSignIn with the answer), a sign-up that
 * preSignUp confirms, and a legacy user migrated on a USER_PASSWORD_AUTH sign-in.
 */
import { Amplify } from 'aws-amplify';
import { confirmSignIn, signIn, signOut, signUp } from 'aws-amplify/auth';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { type AdminAuth, startAdminAuth } from '../../../test/support/admin-auth.js';
import { TRIGGER_NAMES } from '../../ir/types.js';

let t: AdminAuth;

beforeAll(async () => {
  t = await startAdminAuth({ ir: { triggers: Object.fromEntries(TRIGGER_NAMES.map((n) => [n, 'fn'])) } });
  t.functions.behaviour = async (_name, event) => {
    const src: string = event.triggerSource;
    if (src === 'PreSignUp_SignUp') event.response = { autoConfirmUser: true, autoVerifyEmail: true };
    if (src === 'DefineAuthChallenge_Authentication') {
      const last = event.request.session.at(-1);
      event.response = last?.challengeResult
        ? { issueTokens: true, failAuthentication: false }
        : { issueTokens: false, failAuthentication: false, challengeName: 'CUSTOM_CHALLENGE' };
    }
    if (src === 'CreateAuthChallenge_Authentication')
      event.response = { publicChallengeParameters: { question: 'colour of the sky?' }, privateChallengeParameters: { answer: 'blue' } };
    if (src === 'VerifyAuthChallengeResponse_Authentication')
      event.response = { answerCorrect: event.request.challengeAnswer === event.request.privateChallengeParameters.answer };
    if (src === 'UserMigration_Authentication' && event.request.password === 'Legacy1!pw') {
      event.response = { userAttributes: { email: event.userName, email_verified: 'true' }, finalUserStatus: 'CONFIRMED' };
    }
    return { ok: true, result: event };
  };
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  Amplify.configure({
    Auth: { Cognito: { userPoolId: t.ir.userPoolId, userPoolClientId: t.ir.userPoolClientId, userPoolEndpoint: t.server.url } },
  });
});
afterAll(() => t.close());

it('a sign-up that preSignUp confirms is done at once', async () => {
  const up = await signUp({
    username: 'quick@example.com',
    password: 'Passw0rd!',
    options: { userAttributes: { email: 'quick@example.com' } },
  });
  expect(up).toMatchObject({ isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } });
});

it('custom auth: the challenge, a wrong answer, then the right one', async () => {
  const first = await signIn({ username: 'quick@example.com', options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
  expect(first.nextStep).toMatchObject({
    signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE',
    additionalInfo: { question: 'colour of the sky?' },
  });
  const wrong = await confirmSignIn({ challengeResponse: 'green' });
  expect(wrong.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
  const right = await confirmSignIn({ challengeResponse: 'blue' });
  expect(right.isSignedIn).toBe(true);
  await signOut();
});

it('a legacy user is migrated on a USER_PASSWORD_AUTH sign-in', async () => {
  const r = await signIn({ username: 'old@legacy.io', password: 'Legacy1!pw', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  expect(r.isSignedIn).toBe(true);
  await signOut();
});
