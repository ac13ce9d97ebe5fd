import type { GraphQLResolveInfo } from 'graphql';
import { type FilterInput, type KeyCondition, listOrder } from '../../db/ports.js';
import type { ModelIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import { authorizeRead } from '../auth/index.js';
import { cursorScope } from '../execute/cursor.js';
import type { Caller } from '../types.js';
import { type ResolverDeps, readBack, unauthorized } from './deps.js';

const DEFAULT_LIMIT = 100;
// DynamoDB stops a page at 1 MB; a cap keeps one request from reading a whole table
const MAX_LIMIT = 1000;

export interface PageRequest {
  model: ModelIR;
  caller: Caller;
  info: GraphQLResolveInfo;
  /** the connection arguments: filter, limit, nextToken, sortDirection */
  args: Record<string, unknown>;
  keyCondition?: KeyCondition;
}

/**
 * One page of a model's records for a list, an index query or a hasMany field: the related
 * model's read rules apply (owner rules become an AND-ed filter), and nextToken is the HMAC cursor
 * over the list order. Unlike DynamoDB, the limit counts matching rows (the filter runs first).
 */
export async function readPage(deps: ResolverDeps, req: PageRequest): Promise<{ items: unknown[]; nextToken: string | null }> {
  const { model, args } = req;
  const auth = authorizeRead(model, req.caller, deps.ir, 'list');
  if (auth.kind === 'deny') throw unauthorized(req.info);
  const limit = (args.limit as number | null | undefined) ?? DEFAULT_LIMIT;
  if (limit < 1) throw new HearthError('ValidationError', 'Limit must be greater than 0.');
  const order = listOrder(model, req);
  // the token is bound to this query, so a token from one query cannot steer another (cursor.ts)
  const scope = cursorScope({
    field: `${req.info.parentType.name}.${req.info.fieldName}`,
    model: model.name,
    order,
    filter: args.filter,
    keyCondition: req.keyCondition,
    sortDirection: args.sortDirection ?? 'ASC',
  });
  const token = args.nextToken as string | null | undefined;
  const { rows, hasMore } = await deps.records.list(model, {
    filter: (args.filter as FilterInput | null | undefined) ?? undefined,
    authFilter: auth.kind === 'filter' ? auth.authFilter : undefined,
    keyCondition: req.keyCondition,
    limit: Math.min(limit, MAX_LIMIT),
    after: token ? deps.cursor.decode(scope, order, token) : undefined,
    sortDirection: (args.sortDirection as 'ASC' | 'DESC' | null | undefined) ?? undefined,
  });
  const last = rows.at(-1);
  return {
    items: rows.map((r) => readBack(model, r)),
    nextToken: hasMore && last ? deps.cursor.encode(scope, order, last) : null,
  };
}
