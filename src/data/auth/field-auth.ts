import type { Row } from '../../db/ports.js';
import type { DataIR, ModelIR } from '../../ir/types.js';
import type { Caller } from '../types.js';
import { decide } from './authorize.js';
import { isIamAdmin, isIamAdminRole } from './iam-admin.js';
import { rowPasses } from './record-checks.js';
import type { DataOperation } from './types.js';

/**
 * Whether the caller may read (or, with `op`, write) one field of a record. A field with its own
 * rules is governed by them alone; other fields by the model's rules (the transformer resets a
 * field's access when it has `@auth`). `row`: the record the field belongs to (stored for writes).
 */
export function fieldAllowed(o: { model: ModelIR; field: string; caller: Caller; ir: DataIR; row: Row; op?: DataOperation }): boolean {
  const op = o.op ?? 'get';
  // reading a field is allowed by any read operation the rule grants (get, list or listen)
  const ops: DataOperation[] = op === 'get' || op === 'list' || op === 'listen' ? ['get', 'list', 'listen'] : [op];
  // on reads an admin role passes whatever it was granted: a function allowed only `mutate` still
  // reads the record its mutation returns; a write needs the grant for that action
  if (ops.length > 1 ? isIamAdminRole(o.caller, o.ir) : isIamAdmin(o.caller, o.ir, op)) return true;
  const rules = o.model.fields.find((f) => f.name === o.field)?.authRules ?? o.model.authRules;
  return ops.some((each) => {
    const d = decide(o.model, rules, each, o.caller);
    return d.grant === 'all' || (d.grant === 'records' && rowPasses(o.row, d.checks));
  });
}

/** Whether a model has field rules (then its fields need resolvers that check them). */
export function hasFieldRules(model: ModelIR): boolean {
  return model.fields.some((f) => f.authRules !== undefined);
}

/**
 * A record as the caller may see it, outside graphql-js (which applies the same rule through the
 * field resolvers of installFieldAuth): unreadable fields become null and are listed in `denied`.
 */
export function applyFieldAuth(model: ModelIR, caller: Caller, ir: DataIR, row: Row): { row: Row; denied: string[] } {
  const denied: string[] = [];
  const out: Row = { ...row };
  for (const f of model.fields) {
    if (!(f.name in out)) continue;
    const allowed = hasFieldRules(model) ? fieldAllowed({ model, field: f.name, caller, ir, row }) : true;
    if (!allowed || lambdaDenied(caller, model.name, f.name)) {
      out[f.name] = null;
      denied.push(f.name);
    }
  }
  return { row: out, denied };
}

/** `deniedFields` of a Lambda authorizer's answer: `Type.field` or `arn:aws:appsync:…/types/Type/fields/field`. */
export function lambdaDenied(caller: Caller, typeName: string, field: string): boolean {
  if (caller.mode !== 'lambda' || caller.deniedFields.length === 0) return false;
  return caller.deniedFields.some((d) => d === `${typeName}.${field}` || d.endsWith(`/types/${typeName}/fields/${field}`));
}
