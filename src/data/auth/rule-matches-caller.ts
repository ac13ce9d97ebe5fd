import type { AuthRuleIR } from '../../ir/types.js';
import type { Caller } from '../types.js';

/**
 * Whether a rule speaks to this kind of caller. API keys reach only `publicApiKey` rules; user-pool
 * tokens reach private/owner/group rules of the userPools provider; identity-pool (IAM) identities
 * reach `guest` (unauthenticated) and `authenticated('identityPool')` rules. IAM callers without an
 * identity (functions) are decided before rules are consulted (iam-admin.ts).
 */
export function ruleMatchesCaller(rule: AuthRuleIR, caller: Caller): boolean {
  switch (caller.mode) {
    case 'apiKey':
      return rule.allow === 'public' && rule.provider === 'apiKey';
    case 'userPool':
      return rule.provider === 'userPools' && (rule.allow === 'private' || rule.allow === 'owner' || rule.allow === 'groups');
    case 'iam': {
      const p = caller.principal;
      if (p.kind !== 'identity' || (rule.provider !== 'identityPool' && rule.provider !== 'iam')) return false;
      return p.authenticated ? rule.allow === 'private' : rule.allow === 'public';
    }
  }
}
