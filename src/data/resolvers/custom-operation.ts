import type { GraphQLResolveInfo } from 'graphql';
import type { CustomOperationIR, DataIR, JsHandlerIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import { mayRunCustomOperation } from '../auth/custom-operation-access.js';
import type { JsResolvers } from '../js-resolvers/create-js-resolvers.js';
import type { Caller } from '../types.js';
import { unauthorized } from './deps.js';
import { lambdaEvent, type RequestContext } from './lambda-event.js';

/** What invoking a function returns (the function service's InvokeResult, structurally). */
export type FunctionInvokeResult = { ok: true; result: unknown } | { ok: false; errorMessage: string };

/** How the data service runs custom-operation handlers: the function service, wired by the server. */
export interface CustomOperationFunctions {
  invoke(functionName: string, event: unknown): Promise<FunctionInvokeResult>;
  region: string;
  identityPoolId?: string;
  userPoolId?: string;
  /** where failures of `.async()` handlers go (nobody waits for them) */
  onAsyncFailure?(functionName: string, message: string): void;
}

export interface CustomOperationCall {
  op: CustomOperationIR;
  args: Record<string, unknown>;
  caller: Caller;
  request?: RequestContext;
  info: GraphQLResolveInfo;
  /** util.appendError's errors, reported next to the field's value */
  appendErrors?(errors: Error[]): void;
}

/**
 * Runs a custom query or mutation as AppSync's Lambda resolver does: the handlers in order, each
 * getting the previous one's result as `prev.result`; the last result is the field's value. A
 * handler that throws (or times out) fails the field with `Lambda:Unhandled` and its message.
 * `.async()` handlers are invoked without waiting and answer `{ success: true }`. `a.handler.custom`
 * operations run their APPSYNC_JS pipeline instead (js-resolvers/), util.error failing the field
 * with its own errorType.
 */
export async function resolveCustomOperation(deps: CustomOperationDeps, call: CustomOperationCall): Promise<unknown> {
  const { op, caller, info } = call;
  if (!mayRunCustomOperation(op, caller, deps.ir)) throw unauthorized(info);
  const result = op.jsHandlers ? await runJsHandlers(deps, call, op.jsHandlers) : await runFunctionHandlers(deps, call);
  // custom subscriptions listing this mutation in .for() receive what its caller received
  if (op.kind === 'mutation' && deps.subscribedMutations?.has(op.name)) await deps.publishResult?.(op.name, result);
  return result;
}

export interface CustomOperationDeps {
  ir: DataIR;
  functions?: CustomOperationFunctions;
  /** runs a.handler.custom steps (APPSYNC_JS on the NONE data source) */
  js?: JsResolvers;
  /** mutations some custom subscription follows */
  subscribedMutations?: Set<string>;
  publishResult?(mutation: string, result: unknown): Promise<void>;
}

async function runJsHandlers(deps: CustomOperationDeps, call: CustomOperationCall, handlers: JsHandlerIR[]): Promise<unknown> {
  if (!deps.js)
    throw new HearthError('NotSupported', `${call.info.fieldName} needs the JS resolver runtime, which this server does not run.`);
  const fns = deps.functions;
  const event = lambdaEvent(call.args, call.info, {
    region: fns?.region ?? 'us-east-1',
    ...fns,
    caller: call.caller,
    request: call.request,
  });
  const out = deps.js.run(handlers, event);
  call.appendErrors?.(out.appendedErrors);
  return out.value;
}

async function runFunctionHandlers(deps: CustomOperationDeps, call: CustomOperationCall): Promise<unknown> {
  const { op, info } = call;
  const caller = call.caller;
  const fns = deps.functions;
  if (!fns) throw new HearthError('NotSupported', `${info.fieldName} needs the function service, which this server does not run.`);
  const base = lambdaEvent(call.args, info, { ...fns, caller, request: call.request });
  let result: unknown = null;
  for (const [i, h] of op.handlers.entries()) {
    const event = { ...base, prev: i === 0 ? null : { result } };
    if (h.async) {
      void fns.invoke(h.functionName, event).then(
        (r) => r.ok || fns.onAsyncFailure?.(h.functionName, r.errorMessage),
        (e: unknown) => fns.onAsyncFailure?.(h.functionName, String(e)),
      );
      result = { success: true };
      continue;
    }
    const r = await fns.invoke(h.functionName, event);
    if (!r.ok) throw new HearthError('LambdaUnhandled', describe(r.errorMessage));
    result = r.result;
  }
  return result;
}

/** The contract says a string; a handler can throw anything. */
function describe(m: unknown): string {
  if (typeof m === 'string') return m;
  const o = m as { message?: unknown } | null;
  return typeof o?.message === 'string' ? o.message : (JSON.stringify(m) ?? String(m));
}
