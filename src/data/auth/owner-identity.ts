import type { AccessClaims } from '../../auth/types.js';
import type { AuthRuleIR } from '../../ir/types.js';

/** Gen 2's default owner claim (useSubUsernameForDefaultIdentityClaim): `<sub>::<username>`. */
export const SUB_USERNAME = 'sub::username';
const DELIMITER = '::';

/**
 * The stored owner values that identify the caller under this rule. With the default claim a
 * record written as `sub::username`, `sub` or `username` all belong to the caller (reference §3.1:
 * the resolver matches the three forms, so records written by hand in a PostConfirmation trigger work).
 */
export function ownerIdentities(rule: AuthRuleIR, claims: AccessClaims): string[] {
  const claim = rule.identityClaim ?? SUB_USERNAME;
  // any `a::b` claim works like the default one: the joined value first, then each part alone
  const parts = claim.split(DELIMITER).map((c) => claimValue(c, claims));
  if (parts.some((v) => v === undefined)) return [];
  const values = parts as string[];
  return values.length > 1 ? [values.join(DELIMITER), ...values] : values;
}

/** What create writes into an absent owner field: the first (canonical) identity form. */
export function ownerFill(rule: AuthRuleIR, claims: AccessClaims): string | undefined {
  return ownerIdentities(rule, claims)[0];
}

function claimValue(claim: string, claims: AccessClaims): string | undefined {
  // an OIDC token may carry no username: then, as in AppSync's resolvers, a rule needing one grants nothing
  if (claim === 'username' || claim === 'cognito:username') return claims.username || undefined;
  if (claim === 'sub') return claims.sub;
  const raw = claims.raw[claim];
  return typeof raw === 'string' ? raw : undefined;
}

/** Read-back: clients see everything after the last `::` (the username). */
export function stripOwnerValue(v: unknown): unknown {
  if (typeof v === 'string') {
    const i = v.lastIndexOf(DELIMITER);
    return i < 0 ? v : v.slice(i + DELIMITER.length);
  }
  return Array.isArray(v) ? v.map(stripOwnerValue) : v;
}
