import type { GraphQLResolveInfo } from 'graphql';
import { operationNames } from '../schema/index.js';
import type { Caller } from '../types.js';
import { createRecord } from './create-record.js';
import { deleteRecord } from './delete-record.js';
import type { ResolverCall, ResolverDeps } from './deps.js';
import { getRecord } from './get-record.js';
import { listRecords } from './list-records.js';
import { updateRecord } from './update-record.js';

export interface ExecutionContext {
  caller: Caller;
}

type RootResolver = (args: Record<string, unknown>, ctx: ExecutionContext, info: GraphQLResolveInfo) => Promise<unknown>;
type Handler = (deps: ResolverDeps, call: ResolverCall) => Promise<unknown>;

const HANDLERS: Record<'get' | 'list' | 'create' | 'update' | 'delete', Handler> = {
  get: getRecord,
  list: listRecords,
  create: createRecord,
  update: updateRecord,
  delete: deleteRecord,
};

/**
 * The root value for graphql-js: root field name → resolver. graphql-js's default field resolver
 * calls a function-valued property with (args, context, info), so no schema mutation is needed.
 * TODO(custom-operations): custom queries/mutations (function handlers) and secondary-index queries.
 */
export function createRootResolvers(deps: ResolverDeps): Record<string, RootResolver> {
  const root: Record<string, RootResolver> = {};
  for (const model of deps.ir.models) {
    const names = operationNames(model);
    for (const op of Object.keys(HANDLERS) as (keyof typeof HANDLERS)[]) {
      if (!model.operations[op]) continue;
      const handler = HANDLERS[op];
      root[names[op]] = (args, ctx, info) => handler(deps, { model, args, caller: ctx.caller, info });
    }
  }
  return root;
}
