/**
 * GlobalSignOut ends every session of the user: their refresh tokens are revoked, and access
 * tokens issued up to now are refused (tokensValidAfter). RevokeToken ends one session: its refresh
 * token and the access tokens that carry its jti as origin_jti.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/token-revocation.html
 */
import { HearthError } from '../util/errors.js';
import { sha256Hex } from '../util/secure-compare.js';
import { assertClient } from './client-check.js';
import type { AuthContext } from './context.js';

export async function globalSignOut(d: Pick<AuthContext, 'users' | 'clock' | 'verifier'>, accessToken: string): Promise<void> {
  const claims = await d.verifier.verifyAccessToken(accessToken);
  await d.users.revokeAllRefreshTokens(claims.sub);
  await d.users.update(claims.sub, { tokensValidAfter: Math.floor(d.clock.now() / 1000), updatedAt: d.clock.now() });
  d.verifier.forgetRevocationState();
}

/** An unknown token is not an error (RFC 7009 §2.2); a token of another app client is. */
export async function revokeToken(
  d: Pick<AuthContext, 'ir' | 'users' | 'verifier'>,
  i: { clientId: string; token: string },
): Promise<void> {
  assertClient(d.ir, i.clientId);
  const hash = sha256Hex(i.token);
  const record = await d.users.getRefreshToken(hash);
  if (!record) return;
  if (record.clientId !== i.clientId) throw new HearthError('NotAuthorized', 'The token was not issued to this client.');
  await d.users.revokeRefreshToken(hash);
  d.verifier.forgetRevocationState();
}
