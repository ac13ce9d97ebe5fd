/**
 * ChangePassword for the signed-in user: the previous password must be right (a wrong one counts
 * towards the sign-in lockout, so a stolen access token cannot be used to guess the password).
 */
import type { AuthContext } from './context.js';
import { assertNotLocked } from './lockout.js';
import { checkPassword } from './password-check.js';
import { passwordPatch } from './set-password.js';
import { provePassword } from './sign-in-password.js';
import { signedInUser } from './signed-in-user.js';

type Deps = Pick<AuthContext, 'ir' | 'users' | 'clock' | 'verifier' | 'poolName'>;

export async function changePassword(
  d: Deps,
  i: { accessToken: string; previousPassword: string; proposedPassword: string },
): Promise<void> {
  const user = await signedInUser(d, i.accessToken);
  assertNotLocked(d, user);
  await provePassword(d, user, await checkPassword(d.poolName, user, i.previousPassword));
  await d.users.update(user.sub, passwordPatch(d, user.sub, i.proposedPassword));
}
