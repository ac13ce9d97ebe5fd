/**
 * Checks a password sent in clear (USER_PASSWORD_AUTH, ChangePassword's previous password) with the
 * SRP verifier alone: x derived from salt, user id and password as SRP derives it, g^x compared with
 * the stored v in constant time. The verifier is itself a salted hash of the password (two SHA-256s
 * and a modexp away from it), so the scrypt hash Hearth used to keep beside it protected nothing a
 * leaked verifier does not expose more cheaply, and it cost ~10 ms of CPU on every password set.
 *
 * Rows written before that change still hold an scrypt hash (password-hash.ts). They are checked by
 * their verifier like every other row, so a wrong password costs the same for them, for new rows and
 * for unknown names; the hash is consulted only when the verifier cannot be read (sealed under
 * another key). The next successful sign-in drops the hash, and after such a fallback also writes a
 * fresh verifier: {@link migrationPatch}.
 */
import type { UserRecord } from '../db/ports.js';
import { secureEqual } from '../util/secure-compare.js';
import { verifyPassword } from './password-hash.js';
import { UNREADABLE_VERIFIER } from './sealed-user-store.js';
import { computeSrpVerifier } from './srp.js';

export interface PasswordCheck {
  matches: boolean;
  /** the user's password fields to write once the sign-in went through: set after a legacy-hash fallback */
  refresh?: Pick<UserRecord, 'srpSalt' | 'srpVerifier'>;
}

type Checked = Pick<UserRecord, 'sub' | 'srpSalt' | 'srpVerifier' | 'passwordHash'>;

// an unknown user costs the same g^x as a known one; no password gives this verifier ('0' is never g^x)
const DECOY: Checked = { sub: '00000000-0000-4000-8000-000000000000', srpSalt: '00', srpVerifier: '0', passwordHash: '' };

/** Lower-case hex without leading zeros (as `BigInt.toString(16)` writes a verifier), for an exact comparison. */
const canonicalHex = (hex: string) => hex.toLowerCase().replace(/^0+(?=.)/, '');

export async function checkPassword(poolName: string, user: Checked | undefined, password: string): Promise<PasswordCheck> {
  const u = user ?? DECOY;
  const { verifier } = computeSrpVerifier({ poolName, userId: u.sub, password, saltHex: u.srpSalt });
  if (secureEqual(verifier, canonicalHex(u.srpVerifier))) return { matches: true };
  if (u.srpVerifier !== UNREADABLE_VERIFIER || !u.passwordHash) return { matches: false };
  if (!(await verifyPassword(password, u.passwordHash))) return { matches: false };
  const fresh = computeSrpVerifier({ poolName, userId: u.sub, password });
  return { matches: true, refresh: { srpSalt: fresh.salt, srpVerifier: fresh.verifier } };
}

/** What a successful sign-in writes to migrate a legacy row: the scrypt hash gone (and the verifier refreshed); undefined when nothing is due. */
export function migrationPatch(
  user: Pick<UserRecord, 'passwordHash'>,
  check: Pick<PasswordCheck, 'refresh'>,
): Partial<UserRecord> | undefined {
  if (!user.passwordHash && !check.refresh) return undefined;
  return { passwordHash: '', ...check.refresh };
}
