import { execute, type GraphQLSchema } from 'graphql';
import type { DataIR } from '../../ir/types.js';
import type { ChangeFeed, RecordChange } from '../../storage/ports.js';
import { rowPasses } from '../auth/record-checks.js';
import type { CachedDocument } from '../execute/document-cache.js';
import { toErrorEntry } from '../execute/error-entry.js';
import { matchesFilter } from '../filter/index.js';
import { readBack } from '../resolvers/deps.js';
import type { Caller, GraphQLRequest, GraphQLResponse, SubscribeResult } from '../types.js';
import { planSubscription, type SubscriptionPlan } from './plan-subscription.js';

export interface SubscriptionDeps {
  schema: GraphQLSchema;
  ir: DataIR;
  documents: { get(query: string): CachedDocument };
  changes: ChangeFeed;
  /** the graphql-js context the data service's resolvers expect (nested fields may resolve) */
  contextFor(caller: Caller): unknown;
}

export type Subscribe = (req: GraphQLRequest, caller: Caller, onData: (r: GraphQLResponse) => void) => SubscribeResult;

/**
 * Starts subscriptions: each one listens on the change feed and, for every change it may see,
 * runs the subscriber's own selection set over the record as clients read it back (owner values
 * stripped), so `data.onCreateX` holds exactly the selected fields.
 */
export function createSubscriptions(deps: SubscriptionDeps): Subscribe {
  return (req, caller, onData) => {
    const cached = deps.documents.get(req.query);
    if (!cached.document) return { ok: false, errors: cached.errors.map(toErrorEntry) };
    const planned = planSubscription({ schema: deps.schema, ir: deps.ir, document: cached.document, request: req, caller });
    if (!planned.plan) return { ok: false, errors: planned.errors };
    const plan = planned.plan;
    // one event at a time per subscription, so a subscriber sees changes in the order they happened
    let queue = Promise.resolve();
    const unsubscribe = deps.changes.subscribe((change) => {
      if (!shouldDeliver(plan, change)) return;
      queue = queue.then(() => render(deps, plan, change, caller).then(onData, () => {}));
    });
    return { ok: true, unsubscribe };
  };
}

/** The change's model and mutation kind, the subscriber's read rights, owner arguments, then the filter. */
export function shouldDeliver(plan: SubscriptionPlan, change: RecordChange): boolean {
  if (change.model !== plan.model.name || change.op !== plan.op) return false;
  if (plan.access.kind === 'filter' && !rowPasses(change.record, plan.access.checks)) return false;
  if (!plan.ownerChecks.every((c) => rowPasses(change.record, [c]))) return false;
  // filters see what the subscriber sees: owner values as read back (the username)
  return matchesFilter(readBack(plan.model, change.record), plan.filter);
}

async function render(deps: SubscriptionDeps, plan: SubscriptionPlan, change: RecordChange, caller: Caller): Promise<GraphQLResponse> {
  const result = await execute({
    schema: deps.schema,
    document: plan.document,
    rootValue: { [plan.fieldName]: readBack(plan.model, change.record) },
    contextValue: deps.contextFor(caller),
    variableValues: plan.request.variables,
    operationName: plan.request.operationName,
  });
  const data = (result.data as Record<string, unknown> | null | undefined) ?? null;
  return result.errors?.length ? { data, errors: result.errors.map(toErrorEntry) } : { data };
}
