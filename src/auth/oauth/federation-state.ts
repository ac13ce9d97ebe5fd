/**
 * The `state` Hearth sends to an identity provider in production: the app's authorize request and
 * the nonce the provider's ID token must carry, sealed (AES-GCM) so any instance can take the answer
 * at /oauth2/idpresponse, valid 10 minutes and accepted once (a replayed provider redirect is refused).
 */
import { HearthError } from '../../util/errors.js';
import type { AuthContext } from '../context.js';

export const FEDERATION_STATE_TTL_MS = 10 * 60 * 1000;

interface FederationState {
  kind: 'oauth-federation';
  id: string;
  /** the app's /oauth2/authorize query, checked again when the provider answers */
  query: string;
  nonce: string;
  iat: number;
}

type Deps = Pick<AuthContext, 'secretBox' | 'clock' | 'ids' | 'users'>;

export function sealFederationState(d: Deps, query: string): { state: string; nonce: string } {
  const nonce = d.ids.token(24);
  const s: FederationState = { kind: 'oauth-federation', id: d.ids.uuid(), query, nonce, iat: d.clock.now() };
  return { state: Buffer.from(d.secretBox.seal(s), 'base64').toString('base64url'), nonce };
}

/** Opens and spends the state the provider sent back; throws when forged, expired or used. */
export async function takeFederationState(d: Deps, state: string): Promise<{ query: string; nonce: string }> {
  const s = d.secretBox.open(Buffer.from(state, 'base64url').toString('base64')) as FederationState | undefined;
  if (s?.kind !== 'oauth-federation') throw new HearthError('BadRequest', 'The state the identity provider sent back is not valid.');
  const expiresAt = s.iat + FEDERATION_STATE_TTL_MS;
  if (expiresAt <= d.clock.now()) throw new HearthError('BadRequest', 'The sign-in took too long; start it again.');
  if (!(await d.users.spendOnce(`oauth-federation:${s.id}`, expiresAt, d.clock.now()))) {
    throw new HearthError('BadRequest', 'This answer of the identity provider was already used.');
  }
  return { query: s.query, nonce: s.nonce };
}
