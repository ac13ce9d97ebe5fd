import type { ResolverCall, ResolverDeps } from './deps.js';
import { keyConditionFromArgs } from './key-arguments.js';
import { readPage } from './read-page.js';

/**
 * list<Plural>: filter, limit, nextToken; with a custom primary key also the partition key, a
 * sort-key condition and sortDirection, which make it a key query (as DynamoDB's Query) rather
 * than a scan.
 */
export async function listRecords(deps: ResolverDeps, call: ResolverCall) {
  const { model, args } = call;
  const keyCondition = model.primaryKey.isCustom
    ? keyConditionFromArgs({ partitionKey: model.primaryKey.partitionKey, sortKeys: model.primaryKey.sortKeys, args })
    : undefined;
  return readPage(deps, { model, caller: call.caller, info: call.info, args, keyCondition });
}
