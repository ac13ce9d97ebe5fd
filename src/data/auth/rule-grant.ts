import type { AuthRuleIR, ModelIR } from '../../ir/types.js';
import type { Caller } from '../types.js';
import { callerGroups } from './caller-groups.js';
import { ownerFill, ownerIdentities } from './owner-identity.js';
import { ruleMatchesCaller } from './rule-matches-caller.js';
import type { DataOperation, RecordCheck } from './types.js';

/**
 * What one rule grants this caller for an operation: every record (`all`), the records passing a
 * check (owner and dynamic-group rules), or nothing (`undefined`).
 */
export function ruleGrant(model: ModelIR, rule: AuthRuleIR, op: DataOperation, caller: Caller): RecordCheck | 'all' | undefined {
  if (!rule.operations.includes(op) || !ruleMatchesCaller(rule, caller)) return undefined;
  if (rule.allow === 'public' || rule.allow === 'private' || rule.allow === 'custom') return 'all';
  if (caller.mode !== 'userPool' && caller.mode !== 'oidc') return undefined;
  const isArray = (name: string) => model.fields.find((f) => f.name === name)?.isArray ?? false;
  if (rule.allow === 'owner') {
    const field = rule.ownerField ?? 'owner';
    return { field, values: ownerIdentities(rule, caller.claims), isArray: isArray(field), fill: ownerFill(rule, caller.claims) };
  }
  const groups = callerGroups(rule, caller.claims);
  if (rule.groupsField) return { field: rule.groupsField, values: groups, isArray: isArray(rule.groupsField) };
  return rule.groups?.some((g) => groups.includes(g)) ? 'all' : undefined;
}
