import { execute, type FieldNode, type FragmentDefinitionNode, GraphQLError, type GraphQLResolveInfo, Kind } from 'graphql';
import type { RecordChange, Row } from '../../db/ports.js';
import type { CustomOperationIR } from '../../ir/types.js';
import { mayRunCustomOperation } from '../auth/custom-operation-access.js';
import { toErrorEntry } from '../execute/error-entry.js';
import { sameValue } from '../filter/dynamo-value.js';
import { passesSubscriptionFilter } from '../js-resolvers/subscription-filter.js';
import { readBack } from '../resolvers/deps.js';
import { lambdaEvent } from '../resolvers/lambda-event.js';
import { operationNames } from '../schema/index.js';
import type { Caller, GraphQLResponse, SubscribeResult } from '../types.js';
import type { SubscriptionDeps } from './create-subscriptions.js';
import { coerceArguments, type PlanInput } from './plan-subscription.js';

export interface CustomSubscriptionStart {
  op: CustomOperationIR;
  node: FieldNode;
  input: PlanInput;
  onData: (r: GraphQLResponse) => void;
}

/**
 * A subscription declared with `a.subscription().for(...)`: AppSync runs its resolver once, at
 * subscribe time (util.error or util.unauthorized refuse the start; extensions.setSubscriptionFilter
 * sets the enhanced filter), then delivers each result of the mutations it follows that passes the
 * filter and the subscription's own arguments (an argument given must equal the result's field of
 * the same name, when the result has one).
 */
export function startCustomSubscription(deps: SubscriptionDeps, s: CustomSubscriptionStart): SubscribeResult {
  const { op, input } = s;
  if (!mayRunCustomOperation(op, input.caller, input.ir)) {
    return { ok: false, errors: [{ errorType: 'Unauthorized', message: `Not Authorized to access ${op.name} on type Subscription` }] };
  }
  const operation = input.document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return { ok: false, errors: [] };
  const args = coerceArguments(input, operation, s.node);
  if (!args.values) return { ok: false, errors: args.errors };
  let filter: unknown;
  try {
    filter = runResolver(deps, s, args.values);
  } catch (e) {
    return {
      ok: false,
      errors: [
        toErrorEntry(e instanceof GraphQLError ? e : new GraphQLError(String((e as Error)?.message ?? e), { originalError: e as Error })),
      ],
    };
  }
  const values = args.values;
  const sources = mutationSources(input, op);
  let queue = Promise.resolve();
  const unsubscribe = deps.changes.subscribe((change) => {
    const value = sources(change);
    if (value === undefined || !passes(value, values, filter)) return;
    queue = queue.then(() => render(deps, s, value).then(s.onData, () => {}));
  });
  return { ok: true, unsubscribe };
}

/** The subscription's JS resolver at start: its enhanced filter (undefined: deliver everything). */
function runResolver(deps: SubscriptionDeps, s: CustomSubscriptionStart, args: Record<string, unknown>): unknown {
  if (!s.op.jsHandlers) return undefined;
  if (!deps.js) throw new GraphQLError(`${s.op.name} needs the JS resolver runtime, which this server does not run.`);
  const fragments = Object.fromEntries(
    s.input.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  // the parts of graphql-js's resolve info the AppSync context reads
  const info = {
    parentType: { name: 'Subscription' },
    fieldName: s.op.name,
    fieldNodes: [s.node],
    fragments,
    variableValues: s.input.request.variables ?? {},
  } as unknown as GraphQLResolveInfo;
  const event = lambdaEvent(args, info, { caller: s.input.caller, region: deps.region ?? 'us-east-1' });
  return deps.js.run(s.op.jsHandlers, event).subscriptionFilter;
}

/**
 * change → the value a followed mutation returned, or undefined. Custom mutations arrive as
 * `mutationResult` changes; `.for(a.ref('Model'))` follows the model's createX/updateX/deleteX.
 */
function mutationSources(input: PlanInput, op: CustomOperationIR): (change: RecordChange) => unknown {
  const follows = new Set(op.subscribesTo ?? []);
  return (change) => {
    if (change.op === 'mutationResult') return follows.has(change.model) ? change.record.result : undefined;
    const model = input.ir.models.find((m) => m.name === change.model);
    if (!model || !follows.has(operationNames(model)[change.op])) return undefined;
    return readBack(model, change.record);
  };
}

function passes(value: unknown, args: Record<string, unknown>, filter: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return filter === undefined || filter === null;
  const row = value as Row;
  for (const [name, given] of Object.entries(args)) {
    if (given === undefined || given === null || !(name in row)) continue;
    if (!sameValue(row[name], given)) return false;
  }
  return filter === undefined || filter === null || passesSubscriptionFilter(row, filter);
}

async function render(deps: SubscriptionDeps, s: CustomSubscriptionStart, value: unknown): Promise<GraphQLResponse> {
  const { request } = s.input;
  const result = await execute({
    schema: deps.schema,
    document: s.input.document,
    rootValue: { [s.op.name]: value },
    contextValue: deps.contextFor(s.input.caller as Caller),
    variableValues: request.variables,
    operationName: request.operationName,
  });
  const data = (result.data as Record<string, unknown> | null | undefined) ?? null;
  return result.errors?.length ? { data, errors: result.errors.map(toErrorEntry) } : { data };
}
