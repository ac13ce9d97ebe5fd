/**
 * The admin user operations of the user pool (IAM-signed; the caller is checked by the protocol):
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_Operations.html
 * A user is named by its Cognito user name (the sub in Gen 2) or its email alias.
 */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { assertUserPool } from './admin-caller.js';
import { checkAttributeWrite } from './attribute-schema.js';
import { markConfirmed } from './confirm-sign-up.js';
import type { AuthContext } from './context.js';
import { findUser } from './find-user.js';
import { passwordPatch } from './set-password.js';
import type { SignUpDeps } from './sign-up.js';

/** Admin operations create and message users as sign-up does, so they take what it takes. */
/** `verifier`: signing a user out or disabling them forgets this instance's cached revocation state */
export type AdminDeps = SignUpDeps & Pick<AuthContext, 'verifier'>;

export interface AdminUserRef {
  userPoolId: string;
  username: string;
}

/** The user, or Cognito's UserNotFoundException (admin calls do reveal existence). */
export async function adminUser(d: Pick<AuthContext, 'ir' | 'users'>, r: AdminUserRef): Promise<UserRecord> {
  assertUserPool(d, r.userPoolId);
  const user = await findUser(d.users, r.username);
  if (!user) throw new HearthError('UserNotFound', 'User does not exist.');
  return user;
}

export const adminGetUser = (d: AdminDeps, r: AdminUserRef) => adminUser(d, r);

export async function adminDeleteUser(d: AdminDeps, r: AdminUserRef): Promise<void> {
  await d.users.deleteUser((await adminUser(d, r)).sub);
}

export async function adminConfirmSignUp(d: AdminDeps, r: AdminUserRef & { clientMetadata?: Record<string, string> }): Promise<void> {
  const user = await adminUser(d, r);
  if (user.status !== 'UNCONFIRMED') throw new HearthError('NotAuthorized', `User cannot be confirmed. Current status is ${user.status}`);
  await markConfirmed(d, user, { clientMetadata: r.clientMetadata });
}

export async function adminSetEnabled(d: AdminDeps, r: AdminUserRef, enabled: boolean): Promise<void> {
  const user = await adminUser(d, r);
  await d.users.update(user.sub, { enabled, updatedAt: d.clock.now() });
  // a disabled user's refresh tokens stop working at once
  if (!enabled) {
    await d.users.revokeAllRefreshTokens(user.sub);
    d.verifier.forgetRevocationState();
  }
}

export async function adminUserGlobalSignOut(d: AdminDeps, r: AdminUserRef): Promise<void> {
  const user = await adminUser(d, r);
  await d.users.revokeAllRefreshTokens(user.sub);
  await d.users.update(user.sub, { tokensValidAfter: Math.floor(d.clock.now() / 1000) + 1, updatedAt: d.clock.now() });
  d.verifier.forgetRevocationState();
}

/** Permanent: CONFIRMED with the new password; otherwise a temporary one (FORCE_CHANGE_PASSWORD). */
export async function adminSetUserPassword(d: AdminDeps, r: AdminUserRef & { password: string; permanent: boolean }): Promise<void> {
  const user = await adminUser(d, r);
  const patch = passwordPatch(d, user.sub, r.password);
  await d.users.update(user.sub, { ...patch, status: r.permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD' });
}

export async function adminUpdateUserAttributes(d: AdminDeps, r: AdminUserRef & { attributes: Record<string, string> }): Promise<void> {
  const user = await adminUser(d, r);
  checkAttributeWrite(d.ir, r.attributes, { update: true, admin: true });
  const attributes = { ...user.attributes, ...r.attributes };
  if (r.attributes.email !== undefined) {
    const email = r.attributes.email.toLowerCase();
    const other = await d.users.byUsername(email);
    if (other && other.sub !== user.sub) throw new HearthError('AliasExists', 'An account with the given email already exists.');
    attributes.email = email;
    // an admin-set email is unverified unless the same call verifies it
    if (r.attributes.email_verified === undefined && email !== user.attributes.email) attributes.email_verified = 'false';
    await d.users.update(user.sub, { username: email, attributes, updatedAt: d.clock.now() });
    return;
  }
  await d.users.update(user.sub, { attributes, updatedAt: d.clock.now() });
}
