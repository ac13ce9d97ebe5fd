/**
 * Session-based auto sign-in after sign-up (aws-amplify `signUp({ options: { autoSignIn:
 * { authFlowType: 'USER_AUTH' } } })`): ConfirmSignUp answers a `Session`, and InitiateAuth
 * USER_AUTH with that session and the USERNAME signs the user in without their password. The
 * session is sealed, lives 3 minutes, belongs to one user and client, and works once.
 * (With `autoSignIn: true` the client simply signs in again with SRP and the remembered password.)
 */
import { HearthError } from '../util/errors.js';
import { CHALLENGE_SESSION_TTL_MS } from './challenge-session.js';
import { assertClient } from './client-check.js';
import type { AuthContext } from './context.js';
import { findUser } from './find-user.js';
import { type FinishDeps, finishSignIn } from './finish-sign-in.js';
import type { SignInResult } from './service-types.js';
import { assertCanSignIn } from './sign-in-password.js';

interface SignUpSession {
  kind: 'signed-up';
  id: string;
  sub: string;
  clientId: string;
  iat: number;
}

const invalid = () => new HearthError('NotAuthorized', 'Invalid session for the user.');

/** The session for the user ConfirmSignUp has just confirmed (checked against the stored user when it is used). */
export function autoSignInSession(d: Pick<AuthContext, 'secretBox' | 'clock' | 'ids'>, i: { clientId: string; sub: string }): string {
  const s: SignUpSession = { kind: 'signed-up', id: d.ids.uuid(), sub: i.sub, clientId: i.clientId, iat: d.clock.now() };
  return d.secretBox.seal(s);
}

export async function signInWithSignUpSession(
  d: FinishDeps,
  i: { clientId: string; username: string; session: string },
): Promise<SignInResult> {
  assertClient(d.ir, i.clientId);
  const s = d.secretBox.open(i.session) as SignUpSession | undefined;
  if (s?.kind !== 'signed-up' || s.clientId !== i.clientId) throw invalid();
  if (d.clock.now() - s.iat > CHALLENGE_SESSION_TTL_MS)
    throw new HearthError('NotAuthorized', 'Invalid session for the user, session is expired.');
  const user = await findUser(d.users, i.username);
  if (!user || user.sub !== s.sub) throw invalid();
  if (!(await d.users.spendOnce(`signup-session:${s.id}`, s.iat + CHALLENGE_SESSION_TTL_MS, d.clock.now()))) {
    throw new HearthError('NotAuthorized', 'Invalid session for the user, session can only be used once.');
  }
  assertCanSignIn(user);
  return finishSignIn(d, user, i.clientId);
}
