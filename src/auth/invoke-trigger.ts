/**
 * Runs a user-pool Lambda trigger the way Cognito does: synchronously, with a 5 s limit, turning
 * a thrown error into UserLambdaValidation and a timeout into UnexpectedLambda with Cognito's
 * messages (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html).
 * Deviation on purpose: no retries (Cognito retries up to 3 times).
 *
 * Every failure is recorded (`invocations`, the durable queue) with what the client was told: a
 * trigger Cognito gave up on after 5 s is recorded as timed out even when the function's own timeout
 * is longer, and whatever it returns or throws later is neither applied nor recorded again.
 */
import type { InvocationQueue, RunningInvocation } from '../functions/invocation-queue.js';
import type { FunctionInvoker, InvokeResult } from '../functions/types.js';
import type { AuthIR, TriggerName } from '../ir/types.js';
import { HearthError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

export const TRIGGER_TIMEOUT_MS = 5000;

/** what records failed triggers: the server's invocation queue */
export type TriggerRecorder = Pick<InvocationQueue, 'recordFailure' | 'prepareRunning' | 'settleRunning' | 'flushRunning'>;

export type TriggerDeps = {
  ir: Pick<AuthIR, 'triggers'>;
  functions: FunctionInvoker;
  logger: Logger;
  triggerTimeoutMs: number;
  /** without it a failure is only logged */
  invocations?: TriggerRecorder;
};

const displayName = (t: TriggerName) => `${t[0]?.toUpperCase()}${t.slice(1)}`;

function withTimeout(p: Promise<InvokeResult>, ms: number): Promise<InvokeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<InvokeResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, kind: 'timeout', errorMessage: `Cognito gave up after ${ms} ms` }), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The contract says errorMessage is a string, but a handler can throw anything (client.graphql()
 * rejects with a plain `{data, errors}` object): never let the user read "[object Object]".
 */
function describeError(m: unknown): string {
  if (typeof m === 'string') return m;
  const o = m as { message?: unknown; errors?: { message?: unknown }[] } | null;
  if (typeof o?.message === 'string') return o.message;
  if (typeof o?.errors?.[0]?.message === 'string') return o.errors[0].message;
  return JSON.stringify(m) ?? String(m);
}

const failure = (r: Exclude<InvokeResult, { ok: true }>) =>
  r.kind === 'timeout' ? `timeout: ${r.errorMessage}` : `${r.errorType}: ${describeError(r.errorMessage)}`;

/**
 * A synchronous invocation's row, written with the state change it follows (ConfirmSignUp), and
 * `flushed`, when that write did not wait for its flush: resolves once it is on disk.
 */
export interface RunningRow {
  row: RunningInvocation;
  flushed?: Promise<void>;
}

/** records the attempt: settles the row written with the state change, or adds a failed one */
async function record(d: TriggerDeps, fn: string, event: object, o: { result: InvokeResult; running?: RunningRow }): Promise<void> {
  const { result, running } = o;
  if (running && d.invocations) {
    // settled after the flush that proves the row (and the state change) durable: rewriting a row already settled away would prove nothing
    await running.flushed;
    await d.invocations.settleRunning(running.row, result.ok ? { ok: true } : { ok: false, error: failure(result) });
    return;
  }
  if (result.ok) return;
  const source = `cognito:${String((event as { triggerSource?: unknown }).triggerSource)}`;
  if (d.invocations) await d.invocations.recordFailure(fn, source, event, failure(result));
  else d.logger.error(`${fn} (${source}) failed: ${failure(result)}`);
}

/**
 * Returns the handler's response event, or undefined when no function is attached to `trigger`.
 * `running`: the invocation's row, already written with the state change (ConfirmSignUp).
 */
export async function invokeTrigger(
  d: TriggerDeps,
  trigger: TriggerName,
  event: object,
  running?: RunningRow,
): Promise<Record<string, unknown> | undefined> {
  const fn = d.ir.triggers[trigger];
  if (!fn) return undefined;
  const name = displayName(trigger);
  const result = await withTimeout(d.functions.invoke(fn, event), d.triggerTimeoutMs);
  await record(d, fn, event, { result, running });
  if (!result.ok) {
    if (result.kind === 'timeout') {
      throw new HearthError('UnexpectedLambda', `${name} invocation failed due to error Socket timeout while invoking Lambda function.`);
    }
    throw new HearthError('UserLambdaValidation', `${name} failed with error ${describeError(result.errorMessage)}.`);
  }
  if (result.result === null || typeof result.result !== 'object' || Array.isArray(result.result)) {
    d.logger.error(`${trigger} trigger (${fn}) returned no event; a Cognito trigger must return the event`);
    throw new HearthError('InvalidLambdaResponse', 'Unrecognizable lambda output');
  }
  return result.result as Record<string, unknown>;
}
