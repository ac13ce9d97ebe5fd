/**
 * A sign-in session is a refresh token (opaque, stored as its SHA-256, valid 30 days, Cognito's
 * default) plus the access and id tokens minted from it, which carry its jti as `origin_jti` so
 * RevokeToken ends them too.
 */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { sha256Hex } from '../util/secure-compare.js';
import { assertClient } from './client-check.js';
import type { AuthContext } from './context.js';
import type { AuthResult } from './service-types.js';
import { putRefreshTokenNoting, type SignInDeps, type SignInNote } from './sign-in-history.js';

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

type StartDeps = Pick<AuthContext, 'users' | 'clock' | 'ids' | 'mint'> & Pick<SignInDeps, 'signIns' | 'logger'>;

/** `note`: the sign-in's success entry, not yet written: it is stored with the refresh token. */
export async function startSession(d: StartDeps, user: UserRecord, clientId: string, note?: SignInNote): Promise<AuthResult> {
  const now = d.clock.now();
  const originJti = d.ids.uuid();
  const refreshToken = d.ids.token(48);
  const token = { tokenHash: sha256Hex(refreshToken), sub: user.sub, clientId, originJti, expiresAt: now + REFRESH_TOKEN_TTL_MS };
  await putRefreshTokenNoting(d, { ...token, revoked: false }, note);
  const tokens = await d.mint({ user, clientId, originJti, authTime: Math.floor(now / 1000) });
  return { ...tokens, refreshToken };
}

type RefreshDeps = Pick<AuthContext, 'ir' | 'users' | 'clock' | 'mint'>;

/** GetTokensFromRefreshToken / REFRESH_TOKEN_AUTH: new access and id tokens, same refresh token. */
export async function refreshSession(d: RefreshDeps, i: { clientId: string; refreshToken: string }): Promise<AuthResult> {
  assertClient(d.ir, i.clientId);
  const record = await d.users.getRefreshToken(sha256Hex(i.refreshToken));
  if (!record || record.clientId !== i.clientId || record.expiresAt <= d.clock.now()) {
    throw new HearthError('NotAuthorized', 'Invalid Refresh Token');
  }
  if (record.revoked) throw new HearthError('NotAuthorized', 'Refresh Token has been revoked');
  const user = await d.users.bySub(record.sub);
  if (!user) throw new HearthError('NotAuthorized', 'Invalid Refresh Token');
  if (!user.enabled) throw new HearthError('NotAuthorized', 'User is disabled.');
  // the refresh token is issued at authentication, so its expiry tells when that was
  const authTime = Math.floor((record.expiresAt - REFRESH_TOKEN_TTL_MS) / 1000);
  return d.mint({ user, clientId: i.clientId, originJti: record.originJti, authTime, source: 'refresh' });
}
