/**
 * Authorization codes: random, single use, valid 5 minutes (Cognito's lifetime), kept in the database
 * under their SHA-256 so any instance redeems them. The tokens of the sign-in are minted when the
 * user authenticates (so the sign-in triggers run once, at sign-in) and sealed into the row; the
 * code hands them out once, after the redirect URI and the PKCE verifier match the request.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html
 */
import { createHash } from 'node:crypto';
import type { OAuthCodeStore } from '../../db/ports.js';
import { HearthError } from '../../util/errors.js';
import { secureEqual, sha256Hex } from '../../util/secure-compare.js';
import type { AuthContext } from '../context.js';
import type { AuthResult } from '../service-types.js';
import type { AuthorizeRequest } from './authorize-request.js';

export const CODE_TTL_MS = 5 * 60 * 1000;

export type CodeDeps = Pick<AuthContext, 'clock' | 'ids' | 'storeBox'> & { codes: OAuthCodeStore };

interface CodeGrant {
  tokens: AuthResult;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
}

export async function issueCode(d: CodeDeps, request: AuthorizeRequest, tokens: AuthResult): Promise<string> {
  const code = d.ids.uuid();
  const now = d.clock.now();
  const grant: CodeGrant = {
    tokens,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    ...(request.codeChallenge && { codeChallenge: request.codeChallenge, codeChallengeMethod: request.codeChallengeMethod }),
  };
  // expired codes are cleared as new ones come, so the table holds about five minutes of sign-ins
  await d.codes.prune(now);
  await d.codes.put({ codeHash: sha256Hex(code), payload: d.storeBox.seal(grant), expiresAt: now + CODE_TTL_MS });
  return code;
}

function verifierMatches(g: CodeGrant, verifier: string | undefined): boolean {
  if (!g.codeChallenge) return true;
  if (!verifier) return false;
  const derived = g.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return secureEqual(derived, g.codeChallenge);
}

const invalidGrant = () => new HearthError('InvalidGrant', 'The authorization code is invalid, expired, or already used.');

/** grant_type=authorization_code: the code is spent whatever the outcome, as RFC 6749 §4.1.2 asks. */
export async function redeemCode(
  d: CodeDeps,
  i: { code: string; clientId: string; redirectUri?: string; codeVerifier?: string },
): Promise<{ tokens: AuthResult; scopes: string[] }> {
  const row = await d.codes.take(sha256Hex(i.code));
  if (!row || row.expiresAt <= d.clock.now()) throw invalidGrant();
  const g = d.storeBox.open(row.payload) as CodeGrant | undefined;
  if (!g || g.clientId !== i.clientId || g.redirectUri !== i.redirectUri) throw invalidGrant();
  if (!verifierMatches(g, i.codeVerifier)) throw new HearthError('InvalidGrant', 'The code_verifier does not match the code_challenge.');
  return { tokens: g.tokens, scopes: g.scopes };
}
