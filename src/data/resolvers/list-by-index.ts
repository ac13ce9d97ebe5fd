import type { SecondaryIndexIR } from '../../ir/types.js';
import type { ResolverCall, ResolverDeps } from './deps.js';
import { keyConditionFromArgs } from './key-arguments.js';
import { readPage } from './read-page.js';

/**
 * A secondary-index query (`listPostByStatus(status: …, createdAt: {…}, sortDirection, …)`): rows
 * with that partition key, in sort-key then primary-key order; rows without the sort key are not
 * in the index. The partition key argument is required by the schema, so this is always a query.
 */
export async function listByIndex(deps: ResolverDeps, call: ResolverCall & { index: SecondaryIndexIR }) {
  const { model, args, index } = call;
  const keyCondition = keyConditionFromArgs({ partitionKey: index.partitionKey, sortKeys: index.sortKeys, args });
  return readPage(deps, { model, caller: call.caller, info: call.info, args, keyCondition });
}
