import type { FilterInput, Row } from '../../db/ports.js';
import { authorizeWrite } from '../auth/index.js';
import { pickKey, type ResolverCall, type ResolverDeps, writeRefusal } from './deps.js';

/**
 * Update and delete: refuses non-owners with Unauthorized (a missing record is a failed condition,
 * as DynamoDB reports it), and returns the condition to write under. The owner test goes into
 * that condition too, so an ownership change between the read and the write cannot be missed.
 */
export async function guardWrite(deps: ResolverDeps, call: ResolverCall, op: 'update' | 'delete') {
  const { model, args, caller, info } = call;
  const input = args.input as Row;
  const key = pickKey(model, input);
  const auth = await authorizeWrite({ model, caller, ir: deps.ir, op, input, loadExisting: () => deps.records.get(model, key) });
  if (auth.kind !== 'allow') throw writeRefusal(auth, info);
  const userCondition = (args.condition as FilterInput | null | undefined) ?? undefined;
  if (!auth.authFilter) return { key, condition: userCondition };
  return { key, condition: userCondition ? { and: [userCondition, auth.authFilter] } : auth.authFilter };
}
