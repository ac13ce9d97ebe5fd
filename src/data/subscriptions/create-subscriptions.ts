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
 * Starts subscriptions: each one listens on the change feed and, for every change it may see,
 * runs the subscriber's own selection set over the record as clients read it back (owner values
 * stripped), so `data.onCreateX` holds exactly the selected fields. Custom subscriptions
 * (`a.subscription().for(...)`) follow mutation results instead (custom-subscription.ts).
 */
export function createSubscriptions(deps: SubscriptionDeps): Subscribe {
  return (req, caller, onData) => {
    const cached = deps.documents.get(req.query);
    if (!cached.document) return { ok: false, errors: cached.errors.map(toErrorEntry) };
    const input = { schema: deps.schema, ir: deps.ir, document: cached.document, request: req, caller };
    const custom = customTarget(deps.ir, cached.document, req.operationName);
    if (custom) return startCustomSubscription(deps, { ...custom, input, onData });
    const planned = planSubscription(input);
    if (!planned.plan) return { ok: false, errors: planned.errors };
    const plan = planned.plan;
    const key = renderKey(plan, caller);
    const sub = { deps, plan, caller };
    // one event at a time per subscription, so a subscriber sees changes in the order they happened:
    // an answer ready at once (no nested resolver ran) goes out at once unless earlier ones still wait
    let queue = Promise.resolve();
    let waiting = 0;
    const later = (answer: () => Answer) => {
      waiting++;
      queue = queue
        .then(answer)
        .then(onData, () => {})
        .finally(() => waiting--);
    };
    const unsubscribe = deps.changes.subscribe((change) => {
      const shared = key === undefined ? undefined : sharedFor(plan, change, key);
      if (!(shared ? shared.deliver : shouldDeliver(plan, change))) return;
      if (waiting > 0) return later(() => answerOf(sub, change, shared));
      const answer = answerOf(sub, change, shared);
      if (isPromiseLike(answer)) return later(() => answer);
      onData(answer);
    });
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

/**
 * Whether a change goes out, and its answer, depend only on the document, the variables and the
 * caller: subscribers that share all three (a thousand browsers on the same API key) share one
 * decision and one render, the same response object (the realtime endpoint encodes it once too).
 * Per change, so it lives as long as the change.
 */
interface Shared {
  deliver: boolean;
  answer?: Answer;
}
const shares = new WeakMap<RecordChange, Map<string, Shared>>();
function sharedFor(plan: SubscriptionPlan, change: RecordChange, key: string): Shared {
  let byKey = shares.get(change);
  if (!byKey) {
    byKey = new Map();
    shares.set(change, byKey);
  }
  let shared = byKey.get(key);
  if (!shared) {
    shared = { deliver: shouldDeliver(plan, change) };
    byKey.set(key, shared);
  }
  return shared;
}

/** The change's answer for a subscription: its group's render, made by the first member that needs it. */
function answerOf(sub: { deps: SubscriptionDeps; plan: SubscriptionPlan; caller: Caller }, change: RecordChange, shared?: Shared): Answer {
  if (!shared) return render(sub.deps, sub.plan, change, sub.caller);
  shared.answer ??= render(sub.deps, sub.plan, change, sub.caller);
  return shared.answer;
}

/** Documents by identity (the document cache hands out one object per query text). */
const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

/** What a subscription's render depends on, as a string; undefined (never shared) if the caller does not serialise. */
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

/** A rendered change: at once when every field resolved synchronously, else later. */
type Answer = GraphQLResponse | Promise<GraphQLResponse>;

const isPromiseLike = <T>(v: T | Promise<T>): v is Promise<T> => typeof (v as { then?: unknown } | null)?.then === 'function';

function render(deps: SubscriptionDeps, plan: SubscriptionPlan, change: RecordChange, caller: Caller): Answer {
  const result = execute({
    schema: deps.schema,
    document: plan.document,
    rootValue: { [plan.fieldName]: readBackOf(plan, change) },
    contextValue: deps.contextFor(caller),
    variableValues: plan.request.variables,
    operationName: plan.request.operationName,
  });
  return isPromiseLike(result) ? result.then(toResponse) : toResponse(result);
}

function toResponse(result: ExecutionResult): GraphQLResponse {
  const data = (result.data as Record<string, unknown> | null | undefined) ?? null;
  return result.errors?.length ? { data, errors: result.errors.map(toErrorEntry) } : { data };
}
