/**
 * USER_AUTH without a preferred challenge: Cognito answers SELECT_CHALLENGE with the first factors
 * the user may choose (Hearth offers PASSWORD and PASSWORD_SRP; passwordless factors are not
 * served) and a session that the choice comes back with. The answer is the same for every user
 * name, known or not, so it reveals nothing; the session only remembers the name and the client.
 */
import { HearthError } from '../util/errors.js';
import { CHALLENGE_SESSION_TTL_MS } from './challenge-session.js';
import { assertClient } from './client-check.js';
import type { AuthContext } from './context.js';

export const FIRST_FACTORS = ['PASSWORD', 'PASSWORD_SRP'] as const;

interface FirstFactorState {
  kind: 'first-factor';
  username: string;
  clientId: string;
  iat: number;
}

type Deps = Pick<AuthContext, 'ir' | 'secretBox' | 'clock'>;

export function startFirstFactorChoice(d: Deps, i: { clientId: string; username: string }) {
  assertClient(d.ir, i.clientId);
  const state: FirstFactorState = { kind: 'first-factor', username: i.username, clientId: i.clientId, iat: d.clock.now() };
  return { session: d.secretBox.seal(state), availableChallenges: [...FIRST_FACTORS] };
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
