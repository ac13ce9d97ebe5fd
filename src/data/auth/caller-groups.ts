import type { AccessClaims } from '../../auth/types.js';
import type { AuthRuleIR } from '../../ir/types.js';

/** The caller's groups under a rule: `cognito:groups` unless the rule names another claim (withClaimIn). */
export function callerGroups(rule: AuthRuleIR, claims: AccessClaims): string[] {
  const claim = rule.groupClaim ?? 'cognito:groups';
  if (claim === 'cognito:groups') return claims.groups;
  const raw = claims.raw[claim];
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string');
  if (typeof raw !== 'string') return [];
  // like the transformer: a string claim holding a JSON list is that list
  if (raw.startsWith('[')) {
    try {
      const list: unknown = JSON.parse(raw);
      if (Array.isArray(list)) return list.filter((g): g is string => typeof g === 'string');
    } catch {
      // not JSON: the string is one group
    }
  }
  return [raw];
}
