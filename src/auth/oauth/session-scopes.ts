/**
 * The scopes an OAuth sign-in granted, kept for the life of its session (its refresh token), so tokens
 * refreshed later carry them again, as Cognito's do, whether the app refreshes at /oauth2/token or
 * through the Cognito API (Amplify does the latter). Kept beside the codes, under `session:<origin_jti>`.
 */
import type { OAuthCodeStore } from '../../db/ports.js';
import { sha256Hex } from '../../util/secure-compare.js';
import type { AuthContext } from '../context.js';
import { REFRESH_TOKEN_TTL_MS } from '../sessions.js';

const keyOf = (originJti: string) => sha256Hex(`session:${originJti}`);

export async function rememberScopes(codes: OAuthCodeStore, o: { originJti: string; scopes: string[]; now: number }): Promise<void> {
  await codes.put({ codeHash: keyOf(o.originJti), payload: JSON.stringify(o.scopes), expiresAt: o.now + REFRESH_TOKEN_TTL_MS });
}

/** Wraps the minter: a refresh of an OAuth session gets that session's scopes back. */
export function withSessionScopes(codes: OAuthCodeStore, mint: AuthContext['mint']): AuthContext['mint'] {
  return async (i) => {
    if (i.source !== 'refresh' || i.oauth) return mint(i);
    const kept = await codes.get(keyOf(i.originJti));
    return mint(kept ? { ...i, oauth: { scopes: JSON.parse(kept.payload) as string[] } } : i);
  };
}
