/**
 * USER_AUTH without a preferred challenge: Cognito answers SELECT_CHALLENGE with the first factors
 * the user may choose (PASSWORD and PASSWORD_SRP, EMAIL_OTP and WEB_AUTHN where the pool offers
 * them: passwordless/first-factors.ts) and a session that the choice comes back with. The session
 * only remembers the name and the client.
 */
import { HearthError } from '../util/errors.js';
import { CHALLENGE_SESSION_TTL_MS } from './challenge-session.js';
import { assertClient } from './client-check.js';
import type { AuthContext } from './context.js';
import { availableFirstFactors } from './passwordless/first-factors.js';

interface FirstFactorState {
  kind: 'first-factor';
  username: string;
  clientId: string;
  iat: number;
}

type Deps = Pick<AuthContext, 'ir' | 'secretBox' | 'clock'>;

export async function startFirstFactorChoice(d: Deps & Pick<AuthContext, 'users' | 'webauthn'>, i: { clientId: string; username: string }) {
  assertClient(d.ir, i.clientId);
  const state: FirstFactorState = { kind: 'first-factor', username: i.username, clientId: i.clientId, iat: d.clock.now() };
  return { session: d.secretBox.seal(state), availableChallenges: await availableFirstFactors(d, i.username) };
}

/** The user name the SELECT_CHALLENGE session was started for; throws when forged, expired or of another client. */
export function openFirstFactorChoice(d: Deps, i: { clientId: string; session: string; username: string }): string {
  assertClient(d.ir, i.clientId);
  const s = d.secretBox.open(i.session) as FirstFactorState | undefined;
  if (s?.kind !== 'first-factor' || s.clientId !== i.clientId || s.username.toLowerCase() !== i.username.toLowerCase()) {
    throw new HearthError('NotAuthorized', 'Invalid session for the user.');
  }
  if (d.clock.now() - s.iat > CHALLENGE_SESSION_TTL_MS)
    throw new HearthError('NotAuthorized', 'Invalid session for the user, session is expired.');
  return s.username;
}
