/**
 * The entry of a function worker process: Lambda's Node.js runtime in miniature. It imports the
 * bundle at once (Lambda's init phase) and says so with an InitMessage, then runs one invocation
 * per IPC message. Errors go back as errorType and
 * errorMessage only; the stack goes to stderr, i.e. to the function's log.
 * argv: [bundlePath]. Env: the Lambda env built by the service.
 */
import { pathToFileURL } from 'node:url';
import type { InitMessage, InvokeMessage, ReplyMessage } from './worker-protocol.js';

type Callback = (error?: unknown, result?: unknown) => void;
type Handler = (event: unknown, context: object, callback: Callback) => unknown;

const bundlePath = process.argv[2] ?? '';
// the service sends an invocation only after a successful init: a failed one ends the worker
const handler = loadHandler();
handler.then(
  () => process.send?.({ init: true, ok: true } satisfies InitMessage),
  (e: unknown) => process.send?.({ init: true, ...errorOf(e, 'Init Error', 'Runtime.ImportModuleError') } satisfies InitMessage),
);

// attached synchronously, before any IPC message can be read
process.on('message', (msg: InvokeMessage) => {
  void run(msg).then((reply) => process.send?.(reply));
});

async function run(msg: InvokeMessage): Promise<ReplyMessage> {
  const fn = await handler;
  try {
    const result = await callHandler(fn, msg);
    // Lambda answers JSON: undefined becomes null, Dates become strings
    return { id: msg.id, ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
  } catch (e) {
    return { id: msg.id, ...errorOf(e, 'Invoke Error') };
  }
}

async function loadHandler(): Promise<Handler> {
  const mod = (await import(pathToFileURL(bundlePath).href)) as { handler?: unknown };
  if (typeof mod.handler !== 'function') {
    throw Object.assign(new Error('index.handler is undefined or not exported'), { name: 'Runtime.HandlerNotFound' });
  }
  return mod.handler as Handler;
}

/** Supports async handlers and callback-style ones (3 parameters, or context.succeed/fail/done). */
function callHandler(fn: Handler, msg: InvokeMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const callback: Callback = (error, result) => (error ? reject(error) : resolve(result));
    const returned = fn(msg.event, lambdaContext(msg, callback), callback);
    if (isThenable(returned)) returned.then(resolve, reject);
    else if (fn.length < 3) resolve(returned);
  });
}

function lambdaContext(msg: InvokeMessage, callback: Callback): object {
  const env = process.env;
  const name = env.AWS_LAMBDA_FUNCTION_NAME ?? '';
  return {
    functionName: name,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: `arn:aws:lambda:${env.AWS_REGION}:000000000000:function:${name}`,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: msg.awsRequestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, msg.deadline - Date.now()),
    done: callback,
    succeed: (result: unknown) => callback(undefined, result),
    fail: (error: unknown) => callback(error ?? new Error('handled')),
  };
}

/** Logs the stack (to the function's log) and keeps only the type and message for the answer. */
function errorOf(e: unknown, phase: string, fallbackType = 'Error') {
  const err = e instanceof Error ? e : undefined;
  console.error(phase, err?.stack ?? String(e));
  const errorType = err?.name && err.name !== 'Error' ? err.name : fallbackType;
  return { ok: false as const, errorType, errorMessage: err?.message ?? describeThrown(e) };
}

/**
 * A non-Error thrown value, as Lambda reports it: JSON rather than "[object Object]". A rejected
 * `client.graphql()` is a plain `{ data, errors }` object, so its first error message leads.
 */
function describeThrown(e: unknown): string {
  const first = (e as { errors?: { message?: unknown }[] } | undefined)?.errors?.[0]?.message;
  if (typeof first === 'string') return first;
  try {
    return typeof e === 'string' ? e : (JSON.stringify(e) ?? String(e));
  } catch {
    return String(e);
  }
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | undefined)?.then === 'function';
}
