/**
 * CUSTOM_AUTH: defineAuthChallenge decides each step from the session so far (issue tokens,
 * fail, or ask a challenge); createAuthChallenge makes the challenge (public parameters for the
 * client, private ones kept sealed in the Session); verifyAuthChallengeResponse judges the answer.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-challenge.html
 * Not supported: CUSTOM_AUTH that starts with SRP_A (password verification before the challenges).
 */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { CHALLENGE_SESSION_TTL_MS } from './challenge-session.js';
import { assertClient } from './client-check.js';
import type { AuthContext } from './context.js';
import { type FinishDeps, finishSignIn } from './finish-sign-in.js';
import type { SignInResult } from './service-types.js';
import { assertCanSignIn, incorrectCredentials } from './sign-in-password.js';
import { type SignInTriggerDeps, userForSignIn } from './sign-in-triggers.js';
import { eventAttributes, runTrigger } from './trigger-events.js';

export type CustomAuthDeps = FinishDeps & SignInTriggerDeps;

/** Cognito's cap on the number of challenge rounds in one sign-in */
export const MAX_CUSTOM_ROUNDS = 8;

interface Round {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

interface CustomState {
  kind: 'custom-auth';
  id: string;
  sub: string;
  clientId: string;
  iat: number;
  rounds: Round[];
  challengeName: string;
  privateParameters: Record<string, unknown>;
  metadata?: string;
}

export interface CustomChallenge {
  challengeName: 'CUSTOM_CHALLENGE';
  session: string;
  parameters: Record<string, string>;
}

type Meta = Record<string, string> | undefined;

async function define(d: CustomAuthDeps, user: UserRecord, clientId: string, rounds: Round[], meta: Meta) {
  const r = await runTrigger(d, {
    trigger: 'defineAuthChallenge',
    source: 'DefineAuthChallenge_Authentication',
    userName: user.sub,
    clientId,
    request: { userAttributes: eventAttributes(user), session: rounds, userNotFound: false, clientMetadata: meta },
  });
  return {
    issueTokens: r?.issueTokens === true,
    failAuthentication: r?.failAuthentication === true,
    challengeName: String(r?.challengeName ?? ''),
  };
}

async function create(
  d: CustomAuthDeps,
  user: UserRecord,
  s: { clientId: string; rounds: Round[]; challengeName: string },
  meta: Meta,
): Promise<CustomChallenge> {
  const r = await runTrigger(d, {
    trigger: 'createAuthChallenge',
    source: 'CreateAuthChallenge_Authentication',
    userName: user.sub,
    clientId: s.clientId,
    request: {
      userAttributes: eventAttributes(user),
      challengeName: s.challengeName,
      session: s.rounds,
      userNotFound: false,
      clientMetadata: meta,
    },
  });
  const publicParameters = Object.fromEntries(Object.entries(r?.publicChallengeParameters ?? {}).map(([k, v]) => [k, String(v)]));
  const state: CustomState = {
    kind: 'custom-auth',
    id: d.ids.uuid(),
    sub: user.sub,
    clientId: s.clientId,
    iat: d.clock.now(),
    rounds: s.rounds,
    challengeName: s.challengeName,
    privateParameters: (r?.privateChallengeParameters as Record<string, unknown>) ?? {},
    ...(typeof r?.challengeMetadata === 'string' ? { metadata: r.challengeMetadata } : {}),
  };
  return { challengeName: 'CUSTOM_CHALLENGE', session: d.secretBox.seal(state), parameters: { ...publicParameters, USERNAME: user.sub } };
}

/** One step: ask defineAuthChallenge, then issue tokens, fail, or create the next challenge. */
async function step(
  d: CustomAuthDeps,
  user: UserRecord,
  clientId: string,
  rounds: Round[],
  meta: Meta,
): Promise<SignInResult | CustomChallenge> {
  const next = await define(d, user, clientId, rounds, meta);
  if (next.failAuthentication) throw incorrectCredentials();
  if (next.issueTokens) {
    assertCanSignIn(user);
    return finishSignIn(d, user, clientId);
  }
  if (rounds.length >= MAX_CUSTOM_ROUNDS) throw incorrectCredentials();
  if (next.challengeName !== 'CUSTOM_CHALLENGE') {
    throw new HearthError(
      'NotSupported',
      `Hearth supports only CUSTOM_CHALLENGE in custom auth, not ${next.challengeName || 'an empty challengeName'}.`,
    );
  }
  return create(d, user, { clientId, rounds, challengeName: next.challengeName }, meta);
}

export async function startCustomAuth(
  d: CustomAuthDeps,
  i: { clientId: string; username: string; clientMetadata?: Meta },
): Promise<SignInResult | CustomChallenge> {
  assertClient(d.ir, i.clientId);
  if (!d.ir.triggers.defineAuthChallenge)
    throw new HearthError('InvalidParameter', 'Custom auth lambda trigger is not configured for the user pool.');
  const user = await userForSignIn(d, i);
  if (!user) throw incorrectCredentials();
  return step(d, user, i.clientId, [], i.clientMetadata);
}

function openState(d: Pick<AuthContext, 'secretBox' | 'clock'>, session: string, clientId: string): CustomState {
  const s = d.secretBox.open(session) as CustomState | undefined;
  if (s?.kind !== 'custom-auth' || s.clientId !== clientId) throw new HearthError('NotAuthorized', 'Invalid session for the user.');
  if (d.clock.now() - s.iat > CHALLENGE_SESSION_TTL_MS)
    throw new HearthError('NotAuthorized', 'Invalid session for the user, session is expired.');
  return s;
}

export async function respondCustomChallenge(
  d: CustomAuthDeps,
  i: { clientId: string; session: string; answer: string; clientMetadata?: Meta },
): Promise<SignInResult | CustomChallenge> {
  assertClient(d.ir, i.clientId);
  const s = openState(d, i.session, i.clientId);
  if (!(await d.users.spendOnce(`custom:${s.id}`, s.iat + CHALLENGE_SESSION_TTL_MS, d.clock.now()))) {
    throw new HearthError('NotAuthorized', 'Invalid session for the user, session can only be used once.');
  }
  const user = await d.users.bySub(s.sub);
  if (!user) throw incorrectCredentials();
  const r = await runTrigger(d, {
    trigger: 'verifyAuthChallengeResponse',
    source: 'VerifyAuthChallengeResponse_Authentication',
    userName: user.sub,
    clientId: i.clientId,
    request: {
      userAttributes: eventAttributes(user),
      privateChallengeParameters: s.privateParameters,
      challengeAnswer: i.answer,
      userNotFound: false,
      clientMetadata: i.clientMetadata,
    },
  });
  const round: Round = {
    challengeName: s.challengeName,
    challengeResult: r?.answerCorrect === true,
    ...(s.metadata ? { challengeMetadata: s.metadata } : {}),
  };
  return step(d, user, i.clientId, [...s.rounds, round], i.clientMetadata);
}
