/**
 * The `Session` of a passwordless first-factor challenge (EMAIL_OTP or WEB_AUTHN): sealed state, so
 * any instance can take the answer; 3 minutes, one client, and spent by its successful answer. A
 * WEB_AUTHN session carries the challenge the assertion must sign. `sub` is empty for a decoy
 * session (an unknown user asked for a code), whose every answer is a wrong code.
 */
import { HearthError } from '../../util/errors.js';
import { CHALLENGE_SESSION_TTL_MS } from '../challenge-session.js';
import type { AuthContext } from '../context.js';

export type PasswordlessFactor = 'EMAIL_OTP' | 'WEB_AUTHN';

export interface PasswordlessState {
  kind: 'passwordless';
  /** the key under which the session's use is recorded */
  id: string;
  sub: string;
  clientId: string;
  factor: PasswordlessFactor;
  iat: number;
  /** WEB_AUTHN: the base64url challenge of CREDENTIAL_REQUEST_OPTIONS */
  challenge?: string;
}

type Deps = Pick<AuthContext, 'secretBox' | 'clock' | 'ids'>;

export function sealPasswordless(d: Deps, s: Omit<PasswordlessState, 'kind' | 'id' | 'iat'>): string {
  return d.secretBox.seal({ ...s, kind: 'passwordless', id: d.ids.uuid(), iat: d.clock.now() } satisfies PasswordlessState);
}

/** The state when `session` is a passwordless one (else undefined); throws when expired or of another client. */
export function peekPasswordless(d: Pick<AuthContext, 'secretBox' | 'clock'>, session: string, clientId: string) {
  const s = d.secretBox.open(session) as PasswordlessState | undefined;
  if (s?.kind !== 'passwordless') return undefined;
  if (s.clientId !== clientId) throw new HearthError('NotAuthorized', 'Invalid session for the user.');
  if (d.clock.now() - s.iat > CHALLENGE_SESSION_TTL_MS) {
    throw new HearthError('NotAuthorized', 'Invalid session for the user, session is expired.');
  }
  return s;
}

/** Like {@link peekPasswordless}, for a session that must be of `factor`. */
export function openPasswordless(
  d: Pick<AuthContext, 'secretBox' | 'clock'>,
  i: { session: string; clientId: string; factor: PasswordlessFactor },
) {
  const s = peekPasswordless(d, i.session, i.clientId);
  if (s?.factor !== i.factor) throw new HearthError('NotAuthorized', 'Invalid session for the user.');
  return s;
}

/** Marks the session used; a second answer to it is refused. */
export async function spendPasswordless(d: Pick<AuthContext, 'users' | 'clock'>, s: PasswordlessState): Promise<void> {
  const fresh = await d.users.spendOnce(`session:${s.id}`, s.iat + CHALLENGE_SESSION_TTL_MS, d.clock.now());
  if (!fresh) throw new HearthError('NotAuthorized', 'Invalid session for the user, session can only be used once.');
}
