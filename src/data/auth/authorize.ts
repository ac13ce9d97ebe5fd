import type { AuthRuleIR, DataIR, ModelIR } from '../../ir/types.js';
import type { Caller } from '../types.js';
import { isIamAdmin } from './iam-admin.js';
import { ruleGrant } from './rule-grant.js';
import type { AuthDecision, DataOperation, RecordCheck } from './types.js';

const READS = new Set<DataOperation>(['get', 'list', 'listen']);

/**
 * Decides an operation on a model for a caller (reference §3, §3.1). Static rules (public,
 * private, custom, a static group the caller is in) grant every record; owner and dynamic-group
 * rules grant the records that pass their check.
 * Reads consult field rules too: as in the transformer's access matrix, a role that may read one
 * field reaches the query, and field resolvers then hide what it may not see (field-auth.ts).
 */
export function authorize(model: ModelIR, op: DataOperation, caller: Caller, ir: DataIR): AuthDecision {
  if (isIamAdmin(caller, ir, op)) return { grant: 'all', checks: [] };
  return decide(model, READS.has(op) ? readRules(model) : model.authRules, op, caller);
}

/** The decision of a given rule set (model rules, or one field's rules). */
export function decide(model: ModelIR, rules: AuthRuleIR[], op: DataOperation, caller: Caller): AuthDecision {
  let grantAll = false;
  const checks: RecordCheck[] = [];
  for (const rule of rules) {
    const g = ruleGrant(model, rule, op, caller);
    if (g === 'all') grantAll = true;
    else if (g) checks.push(g);
  }
  return { grant: grantAll ? 'all' : checks.length ? 'records' : 'none', checks };
}

/** Model rules plus every field's rules: every role that can read something of the model. */
export function readRules(model: ModelIR): AuthRuleIR[] {
  let rules = readRulesByModel.get(model);
  if (!rules) {
    const fieldRules = model.fields.flatMap((f) => f.authRules ?? []);
    rules = fieldRules.length ? [...model.authRules, ...fieldRules] : model.authRules;
    readRulesByModel.set(model, rules);
  }
  return rules;
}

/** Every read decides from these: gathered once per model (the IR is not changed once built; a reload builds a new one). */
const readRulesByModel = new WeakMap<ModelIR, AuthRuleIR[]>();
