import type { AuthRuleIR } from '../../ir/types.js';
import type { Caller } from '../types.js';

/**
 * Whether a rule speaks to this kind of caller (the transformer's per-auth-type branches).
 * API keys reach only `publicApiKey` rules; user-pool tokens reach private/owner/group rules of
 * the userPools provider; identity-pool (IAM) identities reach `guest` (unauthenticated role) and
 * `authenticated('identityPool')` (authenticated role) rules; a request the Lambda authorizer
 * allowed reaches `custom` rules. IAM callers without an identity (functions) are decided before
 * rules are consulted (iam-admin.ts). A token of the API's OpenID Provider reaches the private,
 * owner and group rules of the `oidc` provider only, as AppSync's OPENID_CONNECT branch does.
 */
export function ruleMatchesCaller(rule: AuthRuleIR, caller: Caller): boolean {
  switch (caller.mode) {
    case 'apiKey':
      return rule.allow === 'public' && rule.provider === 'apiKey';
    case 'userPool':
      return rule.provider === 'userPools' && (rule.allow === 'private' || rule.allow === 'owner' || rule.allow === 'groups');
    case 'oidc':
      return rule.provider === 'oidc' && (rule.allow === 'private' || rule.allow === 'owner' || rule.allow === 'groups');
    case 'lambda':
      return rule.allow === 'custom' && rule.provider === 'function';
    case 'iam': {
      const p = caller.principal;
      if (p.kind !== 'identity' || (rule.provider !== 'identityPool' && rule.provider !== 'iam')) return false;
      return p.authenticated ? rule.allow === 'private' : rule.allow === 'public';
    }
  }
}
