/**
 * ListWebAuthnCredentials and DeleteWebAuthnCredential: a signed-in user's own passkeys.
 * `nextToken` is sealed (which user, where to go on), so it cannot be forged or used by another user.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListWebAuthnCredentials.html
 */
import type { WebAuthnCredentialRecord } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import type { AuthContext } from '../context.js';
import { signedInUser } from '../signed-in-user.js';
import { credentialStore } from './webauthn-registration.js';

export const MAX_LIST_RESULTS = 20;

type Deps = Pick<AuthContext, 'ir' | 'users' | 'verifier' | 'webauthn' | 'secretBox'>;

export interface CredentialView {
  credentialId: string;
  friendlyCredentialName: string;
  relyingPartyId: string;
  authenticatorAttachment?: string;
  authenticatorTransports: string[];
  /** epoch seconds */
  createdAt: number;
}

const view = (c: WebAuthnCredentialRecord): CredentialView => ({
  credentialId: c.credentialId,
  friendlyCredentialName: c.friendlyName,
  relyingPartyId: c.relyingPartyId,
  ...(c.authenticatorAttachment && { authenticatorAttachment: c.authenticatorAttachment }),
  authenticatorTransports: c.transports,
  createdAt: Math.floor(c.createdAt / 1000),
});

function startIndex(d: Deps, sub: string, nextToken: string | undefined): number {
  if (nextToken === undefined) return 0;
  const t = d.secretBox.open(nextToken) as { kind?: string; sub?: string; at?: number } | undefined;
  if (t?.kind !== 'webauthn-list' || t.sub !== sub || typeof t.at !== 'number') {
    throw new HearthError('InvalidParameter', 'Invalid NextToken.');
  }
  return t.at;
}

export async function listWebAuthnCredentials(d: Deps, i: { accessToken: string; maxResults?: number; nextToken?: string }) {
  const store = credentialStore(d);
  const user = await signedInUser(d, i.accessToken);
  const max = i.maxResults ?? MAX_LIST_RESULTS;
  if (!Number.isInteger(max) || max < 1 || max > MAX_LIST_RESULTS) {
    throw new HearthError('InvalidParameter', `MaxResults must be between 1 and ${MAX_LIST_RESULTS}.`);
  }
  const all = await store.bySub(user.sub);
  const from = startIndex(d, user.sub, i.nextToken);
  const page = all.slice(from, from + max);
  const more = from + max < all.length;
  return {
    credentials: page.map(view),
    ...(more && { nextToken: d.secretBox.seal({ kind: 'webauthn-list', sub: user.sub, at: from + max }) }),
  };
}

export async function deleteWebAuthnCredential(d: Deps, i: { accessToken: string; credentialId: string }): Promise<void> {
  const store = credentialStore(d);
  const user = await signedInUser(d, i.accessToken);
  // another user's credential answers like one that does not exist
  if (!(await store.delete(user.sub, i.credentialId))) {
    throw new HearthError('ResourceNotFound', 'The user has no passkey with this CredentialId.');
  }
}
