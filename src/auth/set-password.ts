import type { UserRecord } from '../db/ports.js';
import type { AuthContext } from './context.js';
import { hashPassword } from './password-hash.js';
import { checkPasswordPolicy } from './password-policy.js';
import { computeSrpVerifier } from './srp.js';

/** The user fields a new password changes (both the scrypt hash and the SRP verifier); checks the policy first. */
export async function passwordPatch(
  d: Pick<AuthContext, 'ir' | 'poolName' | 'clock'>,
  sub: string,
  password: string,
): Promise<Partial<UserRecord>> {
  checkPasswordPolicy(d.ir.passwordPolicy, password);
  const { salt, verifier } = computeSrpVerifier({ poolName: d.poolName, userId: sub, password });
  return {
    srpSalt: salt,
    srpVerifier: verifier,
    passwordHash: await hashPassword(password),
    failedSignIns: 0,
    lockedUntil: 0,
    updatedAt: d.clock.now(),
  };
}
