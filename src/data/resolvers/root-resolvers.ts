import { type GraphQLError, type GraphQLResolveInfo, locatedError, responsePathAsArray } from 'graphql';
import { operationNames } from '../schema/index.js';
import type { Caller } from '../types.js';
import { createRecord } from './create-record.js';
import { type CustomOperationDeps, resolveCustomOperation } from './custom-operation.js';
import { deleteRecord } from './delete-record.js';
import type { ResolverCall, ResolverDeps } from './deps.js';
import { getRecord } from './get-record.js';
import type { RequestContext } from './lambda-event.js';
import { listByIndex } from './list-by-index.js';
import { listRecords } from './list-records.js';
import { updateRecord } from './update-record.js';

export interface ExecutionContext {
  caller: Caller;
  /** the HTTP request's headers and source address (a custom operation's Lambda event carries them) */
  request?: RequestContext;
  /** errors a JS resolver appended (util.appendError): the response lists them next to the data */
  appendedErrors?: GraphQLError[];
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
 */
export function createRootResolvers(deps: ResolverDeps & Omit<CustomOperationDeps, 'ir'>): Record<string, RootResolver> {
  const root: Record<string, RootResolver> = {};
  for (const op of deps.ir.customOperations ?? []) {
    // custom subscriptions run at subscribe time (src/data/subscriptions), not as root fields
    if (op.kind === 'subscription') continue;
    root[op.name] = (args, ctx, info) =>
      resolveCustomOperation(deps, {
        op,
        args,
        caller: ctx.caller,
        request: ctx.request,
        info,
        appendErrors: (errors) =>
          ctx.appendedErrors?.push(...errors.map((e) => locatedError(e, info.fieldNodes, responsePathAsArray(info.path)))),
      });
  }
  for (const model of deps.ir.models) {
    const names = operationNames(model);
    for (const op of Object.keys(HANDLERS) as (keyof typeof HANDLERS)[]) {
      if (!model.operations[op]) continue;
      const handler = HANDLERS[op];
      root[names[op]] = (args, ctx, info) => handler(deps, { model, args, caller: ctx.caller, info });
    }
    for (const index of model.secondaryIndexes) {
      if (index.queryField)
        root[index.queryField] = (args, ctx, info) => listByIndex(deps, { model, index, args, caller: ctx.caller, info });
    }
  }
  return root;
}
