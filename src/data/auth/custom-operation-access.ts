import type { CustomOperationIR, DataIR } from '../../ir/types.js';
import type { Caller } from '../types.js';
import { callerGroups } from './caller-groups.js';
import { ruleMatchesCaller } from './rule-matches-caller.js';

/**
 * Whether a caller may run a custom query or mutation. Custom operations have no owner rules, so
 * a rule grants or not: publicApiKey and guest by mode, authenticated by mode and provider, a
 * static group when the caller is in it. A function granted by allow.resource reaches the
 * operations of its granted actions (query / mutate), as its IAM policy would in AWS.
 * `allow.custom()` reaches callers the API's Lambda authorizer let in (ruleMatchesCaller decides).
 */
export function mayRunCustomOperation(op: CustomOperationIR, caller: Caller, ir: DataIR): boolean {
  if (caller.mode === 'iam' && caller.principal.kind === 'function') {
    const name = caller.principal.functionName;
    const action = op.kind === 'query' ? 'query' : op.kind === 'mutation' ? 'mutate' : 'listen';
    return ir.resourceAccess.some((g) => g.functionName === name && g.actions.includes(action));
  }
  return op.authRules.some((rule) => {
    if (!ruleMatchesCaller(rule, caller)) return false;
    if (rule.allow === 'public' || rule.allow === 'private' || rule.allow === 'custom') return true;
    if (rule.allow !== 'groups' || (caller.mode !== 'userPool' && caller.mode !== 'oidc')) return false;
    const groups = callerGroups(rule, caller.claims);
    return rule.groups?.some((g) => groups.includes(g)) ?? false;
  });
}
