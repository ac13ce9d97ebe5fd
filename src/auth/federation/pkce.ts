/**
 * PKCE (RFC 7636) toward the provider without keeping state: the verifier is an HMAC of the sign-in's
 * nonce under a server key every instance shares, so whichever instance receives the provider's
 * redirect can recompute it. The nonce is single-use and random, so each verifier is too.
 */
import { createHash, createHmac } from 'node:crypto';

export function pkceVerifier(key: Buffer, nonce: string): string {
  return createHmac('sha256', key).update(`pkce:${nonce}`).digest('base64url');
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
