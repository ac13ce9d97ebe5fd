import type { Row } from '../../db/ports.js';
import type { DataIR, ModelIR } from '../../ir/types.js';
import { keyFields } from '../schema/field-types.js';
import type { Caller } from '../types.js';
import { authorize } from './authorize.js';
import { fieldAllowed, hasFieldRules } from './field-auth.js';
import { isIamAdmin } from './iam-admin.js';
import { checksFilter, fillOwners, rowPasses } from './record-checks.js';
import type { WriteAuthorization } from './types.js';

export interface WriteRequest {
  model: ModelIR;
  caller: Caller;
  ir: DataIR;
  op: 'create' | 'update' | 'delete';
  /** the mutation's `input` */
  input: Row;
  /** the stored record (update, delete); called only when a rule needs it */
  loadExisting?: () => Promise<Row | undefined>;
}

/**
 * Create, update, delete (reference §3.1, and the transformer's mutation auth): create checks the
 * input after owner fields are stamped; update and delete check the stored record, so an owner may
 * hand a record to someone else (Amplify warns about it: protect the owner field with a field rule,
 * e.g. `.authorization(allow => [allow.owner().to(['read', 'delete'])])`, to forbid it).
 * Input fields with field rules need those rules to grant the operation ("Unauthorized on [f]").
 */
export async function authorizeWrite(r: WriteRequest): Promise<WriteAuthorization> {
  const { model, caller, ir, op } = r;
  if (isIamAdmin(caller, ir, op)) return { kind: 'allow', input: { ...r.input } };
  const decision = authorize(model, op, caller, ir);
  const input = { ...r.input };
  if (op === 'create') fillOwners(input, decision.checks);
  // fields the client sent: an owner field stamped by the server is not the client writing it
  const fields = writtenFields(model, r.input, op);
  let row: Row = input;
  if (op !== 'create') {
    const fieldRules = op === 'update' && hasFieldRules(model);
    if (decision.grant === 'none' && !fieldRules) return { kind: 'deny' };
    if (decision.grant === 'records' || fieldRules) {
      const stored = await r.loadExisting?.();
      if (!stored) return { kind: 'notFound' };
      row = stored;
    }
  }
  const modelOk = decision.grant === 'all' || (decision.grant === 'records' && rowPasses(row, decision.checks));
  const authFilter = op !== 'create' && decision.grant === 'records' && modelOk ? checksFilter(decision.checks) : undefined;
  if (op === 'delete') return modelOk ? { kind: 'allow', input, authFilter } : { kind: 'deny' };
  const allowed = (f: string) => (ruledField(model, f) ? fieldAllowed({ model, field: f, caller, ir, row, op }) : modelOk);
  const denied = fields.filter((f) => !allowed(f));
  const anyRole = modelOk || model.fields.some((f) => f.authRules && fieldAllowed({ model, field: f.name, caller, ir, row, op }));
  if (!anyRole) return { kind: 'deny' };
  if (denied.length) return { kind: 'deniedFields', fields: denied };
  return { kind: 'allow', input, authFilter };
}

/** Input fields the write sets: key fields only say which record, so they are not checked. */
function writtenFields(model: ModelIR, input: Row, op: 'create' | 'update' | 'delete'): string[] {
  if (op === 'delete') return [];
  const keys = keyFields(model);
  return Object.keys(input).filter((k) => !keys.includes(k));
}

function ruledField(model: ModelIR, name: string): boolean {
  return model.fields.some((f) => f.name === name && f.authRules !== undefined);
}
