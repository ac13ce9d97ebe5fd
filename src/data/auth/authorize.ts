import type { AuthRuleIR, DataIR, ModelIR } from '../../ir/types.js';
import type { Caller } from '../types.js';
import { callerGroups } from './caller-groups.js';
import { isIamAdmin } from './iam-admin.js';
import { ownerFill, ownerIdentities } from './owner-identity.js';
import { ruleMatchesCaller } from './rule-matches-caller.js';
import type { AuthDecision, DataOperation, RecordCheck } from './types.js';

/**
 * Decides an operation on a model for a caller from the model's rules (reference §3, §3.1).
 * Static rules (public, private, a static group the caller is in) grant every record; owner and
 * dynamic-group rules grant the records that pass their check.
 */
export function authorize(model: ModelIR, op: DataOperation, caller: Caller, ir: DataIR): AuthDecision {
  if (isIamAdmin(caller, ir, op)) return { grant: 'all', checks: [] };
  let grantAll = false;
  const checks: RecordCheck[] = [];
  for (const rule of model.authRules) {
    if (!rule.operations.includes(op) || !ruleMatchesCaller(rule, caller)) continue;
    if (rule.allow === 'public' || rule.allow === 'private') grantAll = true;
    else if (caller.mode === 'userPool') {
      const r = ruleGrant(model, rule, caller.claims);
      if (r === 'all') grantAll = true;
      else if (r) checks.push(r);
    }
  }
  return { grant: grantAll ? 'all' : checks.length ? 'records' : 'none', checks };
}

function ruleGrant(model: ModelIR, rule: AuthRuleIR, claims: Parameters<typeof ownerIdentities>[1]): RecordCheck | 'all' | undefined {
  const isArray = (name: string) => model.fields.find((f) => f.name === name)?.isArray ?? false;
  if (rule.allow === 'owner') {
    const field = rule.ownerField ?? 'owner';
    return { field, values: ownerIdentities(rule, claims), isArray: isArray(field), fill: ownerFill(rule, claims) };
  }
  if (rule.allow !== 'groups') return undefined;
  const groups = callerGroups(rule, claims);
  if (rule.groupsField) return { field: rule.groupsField, values: groups, isArray: isArray(rule.groupsField) };
  return rule.groups?.some((g) => groups.includes(g)) ? 'all' : undefined;
}
