import { type DocumentNode, type ExecutionResult, execute, type FieldNode, type GraphQLSchema, getOperationAST, Kind } from 'graphql';
import type { ChangeFeed, RecordChange, Row } from '../../db/ports.js';
import type { CustomOperationIR, DataIR } from '../../ir/types.js';
import { rowPasses } from '../auth/record-checks.js';
import type { CachedDocument } from '../execute/document-cache.js';
import { toErrorEntry } from '../execute/error-entry.js';
import { matchesFilter } from '../filter/index.js';
import type { JsResolvers } from '../js-resolvers/create-js-resolvers.js';
import { readBack } from '../resolvers/deps.js';
import type { Caller, GraphQLRequest, GraphQLResponse, SubscribeResult } from '../types.js';
import { startCustomSubscription } from './custom-subscription.js';
import { planSubscription, type SubscriptionPlan } from './plan-subscription.js';
import { type Answer, createSubscriberGroups } from './subscriber-groups.js';

export interface SubscriptionDeps {
  schema: GraphQLSchema;
  ir: DataIR;
  documents: { get(query: string): CachedDocument };
  changes: ChangeFeed;
  /** the graphql-js context the data service's resolvers expect (nested fields may resolve) */
  contextFor(caller: Caller): unknown;
  /** runs custom subscriptions' a.handler.custom resolvers at start */
  js?: JsResolvers;
  /** the region AppSync identities name (IAM callers) */
  region?: string;
}

export type Subscribe = (req: GraphQLRequest, caller: Caller, onData: (r: GraphQLResponse) => void) => SubscribeResult;

/**
 * Starts subscriptions: each one listens on the change feed (with the subscribers that share its
 * document, variables and identity: subscriber-groups.ts) and, for every change it may see, runs
 * the subscriber's own selection set over the record as clients read it back (owner values
 * stripped), so `data.onCreateX` holds exactly the selected fields. Custom subscriptions
 * (`a.subscription().for(...)`) follow mutation results instead (custom-subscription.ts).
 */
export function createSubscriptions(deps: SubscriptionDeps): Subscribe {
  const groups = createSubscriberGroups(deps.changes);
  return (req, caller, onData) => {
    const cached = deps.documents.get(req.query);
    if (!cached.document) return { ok: false, errors: cached.errors.map(toErrorEntry) };
    const input = { schema: deps.schema, ir: deps.ir, document: cached.document, request: req, caller };
    const custom = customTarget(deps.ir, cached.document, req.operationName);
    if (custom) return startCustomSubscription(deps, { ...custom, input, onData });
    const planned = planSubscription(input);
    if (!planned.plan) return { ok: false, errors: planned.errors };
    const plan = planned.plan;
    const listener = {
      shouldDeliver: (change: RecordChange) => shouldDeliver(plan, change),
      render: (change: RecordChange) => render(deps, plan, change, caller),
    };
    const unsubscribe = groups.join(renderKey(plan, caller), listener, onData);
    return { ok: true, unsubscribe };
  };
}

/** The custom subscription a document's single root field names, if it is one. */
function customTarget(ir: DataIR, document: DocumentNode, operationName?: string): { op: CustomOperationIR; node: FieldNode } | undefined {
  const operation = getOperationAST(document, operationName);
  const node = operation?.operation === 'subscription' ? operation.selectionSet.selections[0] : undefined;
  if (operation?.selectionSet.selections.length !== 1 || node?.kind !== Kind.FIELD) return undefined;
  const op = ir.customOperations?.find((o) => o.kind === 'subscription' && o.name === node.name.value);
  return op && { op, node };
}

/** The change's model and mutation kind, the subscriber's read rights, owner arguments, then the filter. */
export function shouldDeliver(plan: SubscriptionPlan, change: RecordChange): boolean {
  if (change.model !== plan.model.name || change.op !== plan.op) return false;
  if (plan.access.kind === 'filter' && !rowPasses(change.record, plan.access.checks)) return false;
  for (const check of plan.ownerChecks) if (!rowPasses(change.record, [check])) return false;
  // filters see what the subscriber sees: owner values as read back (the username)
  return matchesFilter(readBackOf(plan, change), plan.filter);
}

/** Every subscriber of an instance receives the same change object: read it back once for all of them. */
const readBacks = new WeakMap<RecordChange, Row>();
function readBackOf(plan: SubscriptionPlan, change: RecordChange): Row {
  let row = readBacks.get(change);
  if (!row) {
    row = readBack(plan.model, change.record);
    readBacks.set(change, row);
  }
  return row;
}

/** Documents by identity (the document cache hands out one object per query text). */
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

/**
 * What a subscription's decision and render depend on, as a string: subscribers with the same key
 * form one group (subscriber-groups.ts); undefined (a group of its own) if the caller does not serialise.
 */
export function renderKey(plan: SubscriptionPlan, caller: Caller): string | undefined {
  let doc = documentIds.get(plan.document);
  if (doc === undefined) {
    doc = nextDocumentId++;
    documentIds.set(plan.document, doc);
  }
  try {
    return JSON.stringify([doc, plan.request.operationName ?? null, plan.request.variables ?? {}, caller]);
  } catch {
    return undefined;
  }
}

function render(deps: SubscriptionDeps, plan: SubscriptionPlan, change: RecordChange, caller: Caller): Answer {
  const result = execute({
    schema: deps.schema,
    document: plan.document,
    rootValue: { [plan.fieldName]: readBackOf(plan, change) },
    contextValue: deps.contextFor(caller),
    variableValues: plan.request.variables,
    operationName: plan.request.operationName,
  });
  return 'then' in result ? result.then(toResponse) : toResponse(result);
}

function toResponse(result: ExecutionResult): GraphQLResponse {
  const data = (result.data as Record<string, unknown> | null | undefined) ?? null;
  return result.errors?.length ? { data, errors: result.errors.map(toErrorEntry) } : { data };
}
