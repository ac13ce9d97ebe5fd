/**
 * One Lambda handler for every user-pool trigger, switching on triggerSource, for the trigger
 * tests (src/auth/triggers.test.ts). Each event is appended to $EVENT_LOG as a JSON line so a
 * test can check the shapes; the behaviours are keyed on the email so tests choose them.
 */
export const TRIGGER_HANDLER = String.raw`
import { appendFileSync } from 'node:fs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const handler = async (event) => {
  appendFileSync(process.env.EVENT_LOG, JSON.stringify(event) + '\n');
  const attrs = event.request.userAttributes ?? {};
  const email = attrs.email ?? event.userName ?? '';
  const src = event.triggerSource;
  if (src.startsWith('PreSignUp_')) {
    if (email.startsWith('blocked')) throw new Error('sign-ups are closed');
    if (email.startsWith('slow')) await sleep(2500);
    if (email.startsWith('auto')) event.response = { autoConfirmUser: src === 'PreSignUp_SignUp', autoVerifyEmail: true, autoVerifyPhone: false };
  }
  if (src.startsWith('CustomMessage_') && email.endsWith('@custom.io')) {
    event.response.emailSubject = 'Hello from ' + src;
    event.response.emailMessage = '<p>Your code: ' + event.request.codeParameter + ' (user ' + (event.request.usernameParameter ?? '-') + ')</p>';
  }
  if (src === 'PreAuthentication_Authentication' && attrs.nickname === 'banned') throw new Error('this account is banned');
  if (src.startsWith('TokenGeneration_')) {
    event.response = {
      claimsOverrideDetails: { claimsToAddOrOverride: { tier: 'gold' }, claimsToSuppress: ['email'], groupOverrideDetails: { groupsToOverride: ['VIP'] } },
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { tier: 'platinum' } },
        accessTokenGeneration: { claimsToAddOrOverride: { plan: 'pro' }, scopesToAdd: ['notes/read'] },
      },
    };
  }
  if (src === 'UserMigration_Authentication') {
    if (!event.userName.endsWith('@legacy.io') || event.request.password !== 'Legacy1!pw') throw new Error('Bad password');
    event.response = { userAttributes: { email: event.userName, email_verified: 'true', name: 'Legacy' }, finalUserStatus: 'CONFIRMED', messageAction: 'SUPPRESS' };
  }
  if (src === 'DefineAuthChallenge_Authentication') {
    const s = event.request.session;
    const last = s.at(-1);
    if (last?.challengeResult) event.response = { issueTokens: true, failAuthentication: false };
    else if (s.length >= 2) event.response = { issueTokens: false, failAuthentication: true };
    else event.response = { issueTokens: false, failAuthentication: false, challengeName: 'CUSTOM_CHALLENGE' };
  }
  if (src === 'CreateAuthChallenge_Authentication') {
    event.response = { publicChallengeParameters: { question: 'What is 6 x 7?' }, privateChallengeParameters: { answer: '42' }, challengeMetadata: 'QUESTION-' + event.request.session.length };
  }
  if (src === 'VerifyAuthChallengeResponse_Authentication') {
    event.response = { answerCorrect: event.request.challengeAnswer === event.request.privateChallengeParameters.answer };
  }
  return event;
};
`;
