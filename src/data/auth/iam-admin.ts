import type { DataIR } from '../../ir/types.js';
import type { Caller } from '../types.js';
import type { DataOperation } from './types.js';

/**
 * The dev console's data view, under the console's admin check: it passes every model and field
 * rule, as AppSync passes an IAM admin role. Recognised by object identity, not by name: no request
 * can produce this very principal (credentials resolve to new objects), whatever its functions are called.
 */
const CONSOLE_PRINCIPAL = { kind: 'function', functionName: 'hearth console' } as const;
export const CONSOLE_CALLER: Caller = { mode: 'iam', principal: CONSOLE_PRINCIPAL };

const isConsole = (c: Caller) => c.mode === 'iam' && c.principal === CONSOLE_PRINCIPAL;

const ACTION: Record<DataOperation, 'query' | 'mutate' | 'listen'> = {
  get: 'query',
  list: 'query',
  create: 'mutate',
  update: 'mutate',
  delete: 'mutate',
  listen: 'listen',
};

/**
 * AppSync lets an IAM request without a Cognito identity through every model rule and field rule
 * (the "admin" roles of allow.resource); its IAM policy decides. Hearth's policy is
 * DataIR.resourceAccess: `.to(['query'])` allows get/list, `mutate` create/update/delete,
 * `listen` subscriptions (reference §1.4: one policy statement per action on Query/Mutation/Subscription).
 */
export function isIamAdmin(caller: Caller, ir: DataIR, op: DataOperation): boolean {
  if (isConsole(caller)) return true;
  if (caller.mode !== 'iam' || caller.principal.kind !== 'function') return false;
  const name = caller.principal.functionName;
  return ir.resourceAccess.some((g) => g.functionName === name && g.actions.includes(ACTION[op]));
}

/** A function with any allow.resource grant: field checks pass for it (the field VTL checks the role, not the action). */
export function isIamAdminRole(caller: Caller, ir: DataIR): boolean {
  if (isConsole(caller)) return true;
  if (caller.mode !== 'iam' || caller.principal.kind !== 'function') return false;
  const name = caller.principal.functionName;
  return ir.resourceAccess.some((g) => g.functionName === name && g.actions.length > 0);
}
