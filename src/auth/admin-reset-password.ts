/**
 * AdminResetUserPassword: the user must reset (RESET_REQUIRED; sign-in answers
 * PasswordResetRequiredException) and gets a reset code by email, which ConfirmForgotPassword takes.
 */

import { type AdminDeps, type AdminUserRef, adminUser } from './admin-users.js';
import { issueCode, RESET_CODE_TTL_MS } from './codes.js';
import { sendCodeMessage } from './messages.js';

export const RESET_CODE_PURPOSE = 'forgot_password';

export async function adminResetUserPassword(d: AdminDeps, r: AdminUserRef & { clientMetadata?: Record<string, string> }): Promise<void> {
  const user = await adminUser(d, r);
  await d.users.update(user.sub, { status: 'RESET_REQUIRED', updatedAt: d.clock.now() });
  await d.users.revokeAllRefreshTokens(user.sub);
  const code = await issueCode(d, user.sub, RESET_CODE_PURPOSE, RESET_CODE_TTL_MS);
  const to = user.attributes.email ?? user.username;
  await sendCodeMessage(d, { kind: 'ForgotPassword', user, to, code, clientMetadata: r.clientMetadata });
}
