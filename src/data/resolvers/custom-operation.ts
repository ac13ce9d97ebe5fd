import type { GraphQLResolveInfo } from 'graphql';
import type { CustomOperationIR, DataIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import { mayRunCustomOperation } from '../auth/custom-operation-access.js';
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
}

/**
 * Runs a custom query or mutation as AppSync's Lambda resolver does: the handlers in order, each
 * getting the previous one's result as `prev.result`; the last result is the field's value. A
 * handler that throws (or times out) fails the field with `Lambda:Unhandled` and its message.
 * `.async()` handlers are invoked without waiting and answer `{ success: true }`.
 */
export async function resolveCustomOperation(
  deps: { ir: DataIR; functions?: CustomOperationFunctions },
  call: CustomOperationCall,
): Promise<unknown> {
  const { op, caller, info } = call;
  if (!mayRunCustomOperation(op, caller, deps.ir)) throw unauthorized(info);
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
