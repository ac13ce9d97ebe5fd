import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { currentRequestId, type Logger, outsideRequest, runWithRequestId } from '../util/logger.js';
import type { InvokeResult } from './types.js';
import type { InitMessage, ReplyMessage } from './worker-protocol.js';

export interface WorkerOptions {
  workerPath: string;
  bundlePath: string;
  cwd: string;
  env: Record<string, string>;
  memoryMB: number;
  timeoutSeconds: number;
  /** the limit on loading the handler module; default INIT_TIMEOUT_SECONDS */
  initTimeoutSeconds?: number;
  logger: Logger;
}

/**
 * Lambda runs a function's init (importing the handler module and its top-level code) under its
 * own 10 s limit; the configured timeout counts from the handler's call
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html#runtimes-lifecycle-ib).
 * Deviation on purpose: Lambda retries a timed-out init once within the first invocation; Hearth
 * answers that invocation with the init error at once.
 */
export const INIT_TIMEOUT_SECONDS = 10;

type Failure = Exclude<InvokeResult, { ok: true }>;

/**
 * One warm process running one function, one invocation at a time. It starts its init when
 * spawned; an invocation waits for the init, then its timeout starts.
 */
export interface FunctionWorker {
  /** false once the process has exited or been killed */
  readonly alive: boolean;
  invoke(event: unknown): Promise<InvokeResult>;
  kill(): void;
}

interface Pending {
  id: number;
  /** the request that invoked it: the worker's log lines meanwhile are written under its id */
  requestId?: string;
  resolve: (r: InvokeResult) => void;
  timer: NodeJS.Timeout;
}

export function spawnFunctionWorker(opts: WorkerOptions): FunctionWorker {
  // spawned outside the request that happens to start it: the worker outlives that request
  const child = outsideRequest(() =>
    fork(opts.workerPath, [opts.bundlePath], {
      cwd: opts.cwd,
      env: opts.env,
      execArgv: ['--enable-source-maps', `--max-old-space-size=${opts.memoryMB}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
  );
  let alive = true;
  let pending: Pending | undefined;
  let nextId = 1;
  const settle = (result: InvokeResult) => {
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.resolve(result);
    pending = undefined;
  };
  const underInvocation = (write: () => void) => (pending?.requestId ? runWithRequestId(pending.requestId, write) : write());
  logLines(child.stdout, (l) => underInvocation(() => opts.logger.info(l)));
  logLines(child.stderr, (l) => underInvocation(() => opts.logger.error(l)));
  const kill = () => {
    alive = false;
    child.kill('SIGKILL');
  };
  const initialized = awaitInit(child, opts, kill);
  child.on('message', (reply: ReplyMessage | InitMessage) => {
    if ('init' in reply || reply.id !== pending?.id) return;
    settle(
      reply.ok
        ? { ok: true, result: reply.result }
        : { ok: false, kind: 'error', errorType: reply.errorType, errorMessage: reply.errorMessage },
    );
  });
  child.on('exit', (code, signal) => {
    alive = false;
    settle({ ok: false, kind: 'error', errorType: 'Runtime.ExitError', errorMessage: exitMessage(code, signal) });
  });
  child.on('error', (e) => opts.logger.error(`worker process error: ${e.message}`));

  const invokeWhenReady = async (event: unknown): Promise<InvokeResult> => {
    const initFailure = await initialized;
    if (initFailure) return initFailure;
    if (!alive) return exitedBeforeInvocation();
    return invokeOnce(child, { event, opts, nextId: nextId++, kill, setPending: (p) => (pending = p), settle });
  };
  return {
    get alive() {
      return alive;
    },
    kill,
    invoke: (event) => (alive ? invokeWhenReady(event) : Promise.resolve(exitedBeforeInvocation())),
  };
}

function exitedBeforeInvocation(): Failure {
  return { ok: false, kind: 'error', errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited before the invocation' };
}

/**
 * Resolves when the worker has loaded its handler (undefined) or could not: an init error, an init
 * past the limit, or an exit. A failed worker is killed, as Lambda resets the sandbox, so the next
 * invocation starts a fresh init.
 */
function awaitInit(child: ChildProcess, opts: WorkerOptions, kill: () => void): Promise<Failure | undefined> {
  const limit = opts.initTimeoutSeconds ?? INIT_TIMEOUT_SECONDS;
  return new Promise((resolve) => {
    const done = (failure?: Failure) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (failure) kill();
      resolve(failure);
    };
    const onMessage = (m: ReplyMessage | InitMessage) => {
      if ('init' in m) done(m.ok ? undefined : { ok: false, kind: 'error', errorType: m.errorType, errorMessage: m.errorMessage });
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      done({ ok: false, kind: 'error', errorType: 'Runtime.ExitError', errorMessage: exitMessage(code, signal) });
    const timer = setTimeout(() => {
      const errorMessage = `Init timed out after ${limit.toFixed(2)} seconds`;
      opts.logger.error(errorMessage);
      done({ ok: false, kind: 'error', errorType: 'Runtime.InitTimeout', errorMessage });
    }, limit * 1000);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

interface InvokeOnceArgs {
  event: unknown;
  opts: WorkerOptions;
  nextId: number;
  kill: () => void;
  setPending: (p: Pending) => void;
  settle: (r: InvokeResult) => void;
}

/** Sends one invocation and arms Lambda's timeout: the process is killed, as Lambda kills the sandbox. */
function invokeOnce(child: ChildProcess, a: InvokeOnceArgs): Promise<InvokeResult> {
  const timeoutMs = a.opts.timeoutSeconds * 1000;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      a.opts.logger.error(`Task timed out after ${a.opts.timeoutSeconds.toFixed(2)} seconds`);
      a.settle({ ok: false, kind: 'timeout', errorMessage: `Task timed out after ${a.opts.timeoutSeconds.toFixed(2)} seconds` });
      a.kill();
    }, timeoutMs);
    a.setPending({ id: a.nextId, resolve, timer, requestId: currentRequestId() });
    child.send({ id: a.nextId, event: a.event, awsRequestId: randomUUID(), deadline: Date.now() + timeoutMs });
  });
}

function exitMessage(code: number | null, signal: NodeJS.Signals | null): string {
  return `Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code}`}`;
}

function logLines(stream: Readable | null, log: (line: string) => void): void {
  if (stream) createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', log);
}
