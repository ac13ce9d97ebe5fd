import type { DataIR } from '../../ir/types.js';
import type { Caller } from '../types.js';
import type { DataOperation } from './types.js';

const ACTION: Record<DataOperation, 'query' | 'mutate'> = {
  get: 'query',
  list: 'query',
  create: 'mutate',
  update: 'mutate',
  delete: 'mutate',
};

/**
 * AppSync lets an IAM request without a Cognito identity through every model rule (the "admin"
 * roles of allow.resource); its IAM policy decides. Hearth's policy is DataIR.resourceAccess.
 */
export function isIamAdmin(caller: Caller, ir: DataIR, op: DataOperation): boolean {
  if (caller.mode !== 'iam' || caller.principal.kind !== 'function') return false;
  const name = caller.principal.functionName;
  return ir.resourceAccess.some((g) => g.functionName === name && g.actions.includes(ACTION[op]));
}
