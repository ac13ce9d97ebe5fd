import type { UserRecord } from '../db/ports.js';
import type { AuthContext } from './context.js';
import { passwordFields } from './new-user.js';
import { checkPasswordPolicy } from './password-policy.js';

/** The user fields a new password changes (the SRP verifier, and the lockout reset); checks the policy first. */
export function passwordPatch(d: Pick<AuthContext, 'ir' | 'poolName' | 'clock'>, sub: string, password: string): Partial<UserRecord> {
  checkPasswordPolicy(d.ir.passwordPolicy, password);
  return { ...passwordFields(d.poolName, sub, password), failedSignIns: 0, lockedUntil: 0, updatedAt: d.clock.now() };
}
