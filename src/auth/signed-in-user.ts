import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import type { AuthContext } from './context.js';

/** The user an access token belongs to (verified, not revoked, still existing). */
export async function signedInUser(d: Pick<AuthContext, 'users' | 'verifier'>, accessToken: string): Promise<UserRecord> {
  const claims = await d.verifier.verifyAccessToken(accessToken);
  const user = await d.users.bySub(claims.sub);
  if (!user) throw new HearthError('UserNotFound', 'User does not exist.');
  return user;
}
