/**
 * The `Session` string of a sign-in challenge: sealed (AES-GCM) state of the sign-in in progress,
 * so any instance can take the answer. It lives 3 minutes (Cognito's default auth session) and is
 * accepted once: answering it successfully spends it, so a captured answer cannot be replayed.
 */
import { HearthError } from '../util/errors.js';
import type { AuthContext } from './context.js';
import type { AuthChallenge } from './service-types.js';

export const CHALLENGE_SESSION_TTL_MS = 3 * 60 * 1000;

export interface ChallengeState {
  kind: 'challenge';
  /** unique per session: the key under which its use is recorded */
  id: string;
  sub: string;
  clientId: string;
  challenge: AuthChallenge['challengeName'];
  iat: number;
  /** MFA_SETUP: the TOTP secret being set up, and whether VerifySoftwareToken accepted a code for it */
  totpSecret?: string;
  totpVerified?: boolean;
}

type Deps = Pick<AuthContext, 'secretBox' | 'clock' | 'ids'>;

const expired = () => new HearthError('NotAuthorized', 'Invalid session for the user, session is expired.');

export function sealChallenge(d: Deps, s: Omit<ChallengeState, 'kind' | 'id' | 'iat'>): string {
  return d.secretBox.seal({ ...s, kind: 'challenge', id: d.ids.uuid(), iat: d.clock.now() } satisfies ChallengeState);
}

/** Opens a session the client sent back; throws when forged, expired or of another client. */
export function openChallenge(d: Deps, session: string, clientId?: string): ChallengeState {
  const s = d.secretBox.open(session) as ChallengeState | undefined;
  if (s?.kind !== 'challenge' || (clientId !== undefined && s.clientId !== clientId)) {
    throw new HearthError('NotAuthorized', 'Invalid session for the user.');
  }
  if (d.clock.now() - s.iat > CHALLENGE_SESSION_TTL_MS) throw expired();
  return s;
}

/** Marks the session used; a second answer to it is refused. */
export async function spendChallenge(d: Pick<AuthContext, 'users' | 'clock'>, s: ChallengeState): Promise<void> {
  const fresh = await d.users.spendOnce(`session:${s.id}`, s.iat + CHALLENGE_SESSION_TTL_MS, d.clock.now());
  if (!fresh) throw new HearthError('NotAuthorized', 'Invalid session for the user, session can only be used once.');
}
