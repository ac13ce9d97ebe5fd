import type { ModelIR } from '../../ir/types.js';
import type { FilterInput } from '../../storage/ports.js';
import { HearthError } from '../../util/errors.js';
import { authorize, checksFilter } from '../auth/index.js';
import { keyFields } from '../schema/index.js';
import { type ResolverCall, type ResolverDeps, readBack, unauthorized } from './deps.js';

const DEFAULT_LIMIT = 100;
// DynamoDB stops a page at 1 MB; a cap keeps one request from reading a whole table
const MAX_LIMIT = 1000;

/**
 * list<Plural>: filter, limit, nextToken (and, for a custom primary key, key arguments and
 * sortDirection). Unlike DynamoDB, the limit counts matching rows (the filter runs before it).
 */
export async function listRecords(deps: ResolverDeps, call: ResolverCall) {
  const { model, args, caller, info } = call;
  const decision = authorize(model, 'list', caller, deps.ir);
  if (decision.grant === 'none') throw unauthorized(info);
  const limit = (args.limit as number | null | undefined) ?? DEFAULT_LIMIT;
  if (limit < 1) throw new HearthError('ValidationError', 'Limit must be greater than 0.');
  const keys = keyFields(model);
  const token = args.nextToken as string | null | undefined;
  const { rows, hasMore } = await deps.records.list(model, {
    filter: withKeyArgs(model, args),
    authFilter: decision.grant === 'records' ? checksFilter(decision.checks) : undefined,
    limit: Math.min(limit, MAX_LIMIT),
    after: token ? deps.cursor.decode(model.name, keys, token) : undefined,
    sortDirection: (args.sortDirection as 'ASC' | 'DESC' | null | undefined) ?? undefined,
  });
  const last = rows.at(-1);
  return {
    items: rows.map((r) => readBack(model, r)),
    nextToken: hasMore && last ? deps.cursor.encode(model.name, keys, last) : null,
  };
}

/** Custom primary keys: `listPosts(blogId: "b", slug: {beginsWith: "x"})` becomes part of the filter. */
function withKeyArgs(model: ModelIR, args: Record<string, unknown>): FilterInput | undefined {
  const filter = (args.filter as FilterInput | null | undefined) ?? undefined;
  if (!model.primaryKey.isCustom) return filter;
  const parts: FilterInput[] = filter ? [filter] : [];
  const pk = model.primaryKey.partitionKey;
  if (args[pk] !== undefined && args[pk] !== null) parts.push({ [pk]: { eq: args[pk] } });
  const sk = model.primaryKey.sortKeys[0];
  if (sk && model.primaryKey.sortKeys.length === 1 && args[sk]) parts.push({ [sk]: args[sk] });
  return parts.length ? { and: parts } : undefined;
}
