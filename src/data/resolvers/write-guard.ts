import type { FilterInput, Row } from '../../storage/ports.js';
import { HearthError } from '../../util/errors.js';
import { authorize, checksFilter, rowPasses } from '../auth/index.js';
import { pickKey, type ResolverCall, type ResolverDeps, unauthorized } from './deps.js';

/**
 * Update and delete: refuses non-owners with Unauthorized (a missing record is a failed condition,
 * as DynamoDB reports it), and returns the condition to write under. The owner test goes into
 * that condition too, so an ownership change between the read and the write cannot be missed.
 */
export async function guardWrite(deps: ResolverDeps, call: ResolverCall, op: 'update' | 'delete') {
  const { model, args, caller, info } = call;
  const input = args.input as Row;
  const key = pickKey(model, input);
  const decision = authorize(model, op, caller, deps.ir);
  if (decision.grant === 'none') throw unauthorized(info);
  const userCondition = (args.condition as FilterInput | null | undefined) ?? undefined;
  if (decision.grant === 'all') return { key, condition: userCondition };
  const existing = await deps.records.get(model, key);
  if (!existing) throw new HearthError('ConditionalCheckFailed', 'The conditional request failed');
  if (!rowPasses(existing, decision.checks)) throw unauthorized(info);
  const auth = checksFilter(decision.checks);
  return { key, condition: userCondition ? { and: [userCondition, auth] } : auth };
}
