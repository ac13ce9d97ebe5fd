import type { Row } from '../../storage/ports.js';
import { authorize, fillOwners, rowPasses } from '../auth/index.js';
import { hasTimestamp, nowIso, type ResolverCall, type ResolverDeps, readBack, unauthorized } from './deps.js';

/**
 * create<T>: owner fields are stamped with the caller when absent, then must identify the caller
 * (unless a static rule grants); id, createdAt and updatedAt are the server's.
 * TODO(create-condition): the `condition` argument is not evaluated on create (DynamoDB would test
 * it against the absent item); a duplicate key still fails with ConditionalCheckFailed.
 */
export async function createRecord(deps: ResolverDeps, call: ResolverCall) {
  const { model, args, caller, info } = call;
  const input: Row = { ...(args.input as Row) };
  const decision = authorize(model, 'create', caller, deps.ir);
  if (decision.grant === 'none') throw unauthorized(info);
  fillOwners(input, decision.checks);
  if (decision.grant === 'records' && !rowPasses(input, decision.checks)) throw unauthorized(info);
  if (!model.primaryKey.isCustom && (input.id === undefined || input.id === null)) input.id = deps.ids.uuid();
  const now = nowIso(deps.clock);
  if (hasTimestamp(model, 'createdAt')) input.createdAt = now;
  if (hasTimestamp(model, 'updatedAt')) input.updatedAt = now;
  return readBack(model, await deps.records.insert(model, input));
}
