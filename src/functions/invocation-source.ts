/**
 * What invoked a function, read from the event itself (each AWS source has its own event shape), so
 * failures can be recorded without every caller passing its name along.
 */
import type { DataIR } from '../ir/types.js';
import type { InvocationQueue } from './invocation-queue.js';
import { failureMessage } from './invocation-queue.js';
import type { FunctionInvoker } from './types.js';

type Fields = { triggerSource?: unknown; Records?: unknown; typeName?: unknown; fieldName?: unknown; authorizationToken?: unknown };

/**
 * `cognito:<triggerSource>` (e.g. `cognito:PostConfirmation_ConfirmSignUp`), `s3:<eventName>`,
 * `appsync:<Type>.<field>` for a custom resolver, `appsync:authorizer`, else `invoke`.
 */
export function invocationSource(event: unknown): string {
  const e = (event ?? {}) as Fields;
  if (typeof e.triggerSource === 'string') return `cognito:${e.triggerSource}`;
  const s3 = Array.isArray(e.Records) ? (e.Records[0] as { eventSource?: unknown; eventName?: unknown } | undefined) : undefined;
  if (s3?.eventSource === 'aws:s3') return `s3:${String(s3.eventName)}`;
  if (typeof e.typeName === 'string' && typeof e.fieldName === 'string') return `appsync:${e.typeName}.${e.fieldName}`;
  if (typeof e.authorizationToken === 'string') return 'appsync:authorizer';
  return 'invoke';
}

/**
 * The function service, recording every failed Cognito trigger and custom resolver in the queue's
 * store before the caller turns the failure into its protocol's error (the client's answer is
 * unchanged). Lambda authorizers are left out: refusing a token by throwing is their normal answer.
 */
export function recordingFailures(functions: FunctionInvoker, queue: Pick<InvocationQueue, 'recordFailure'>): FunctionInvoker {
  return {
    async invoke(name, event) {
      const r = await functions.invoke(name, event);
      if (r.ok) return r;
      const source = invocationSource(event);
      if (source.startsWith('cognito:') || (source.startsWith('appsync:') && source !== 'appsync:authorizer')) {
        await queue.recordFailure(name, source, event, failureMessage(r));
      }
      return r;
    },
  };
}

/**
 * True when `functionName` runs as an `.async()` handler of the custom operation `event` is for
 * (every handler of the operation naming the function is async): such events go through the
 * queue, since nobody waits for them.
 */
export function isAsyncHandlerEvent(data: DataIR | undefined, functionName: string, event: unknown): boolean {
  const e = (event ?? {}) as Fields;
  const kind = e.typeName === 'Query' ? 'query' : e.typeName === 'Mutation' ? 'mutation' : undefined;
  const op = data?.customOperations?.find((c) => c.kind === kind && c.name === e.fieldName);
  const mine = op?.handlers.filter((h) => h.functionName === functionName) ?? [];
  return mine.length > 0 && mine.every((h) => h.async);
}
