import type { FunctionIR } from '../ir/types.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { BundleError, type FunctionBundle } from './bundle.js';
import type { FunctionWorker } from './function-worker.js';
import type { InvokeResult } from './types.js';

export interface PoolOptions {
  fn: FunctionIR;
  /** bundles the function; called again after a failure */
  bundle: () => Promise<FunctionBundle>;
  /** files a worker needs besides its bundle (the introspection JSON); awaited before each invocation, kept off startup */
  beforeInvoke?: () => Promise<void>;
  /** starts a worker for a bundle; returns it with the expiry of the credentials it holds */
  spawn: (bundle: FunctionBundle) => { worker: FunctionWorker; expiresAt: number };
  maxConcurrency: number;
  clock: Clock;
  logger: Logger;
}

/** Workers are retired this long before their credentials expire, as Lambda recycles sandboxes. */
const CREDENTIAL_MARGIN_MS = 15 * 60 * 1000;

interface Slot {
  worker: FunctionWorker;
  expiresAt: number;
}

/**
 * The warm workers of one function. Like Lambda, a worker runs one invocation at a time; more
 * concurrent invocations start more workers up to maxConcurrency, and the rest wait in FIFO order.
 * A worker killed by a timeout is replaced at once, so its successor's init runs before the next
 * invocation instead of during it (a slow init would otherwise be paid by every call after a timeout).
 */
export interface FunctionPool {
  readonly fn: FunctionIR;
  /** bundles now (in the background at startup and reload); never rejects */
  prepare(): Promise<void>;
  invoke(event: unknown): Promise<InvokeResult>;
  /** the bundle currently in use, if built */
  bundled(): Promise<FunctionBundle | undefined>;
  /** lets queued and running invocations finish, then kills every worker */
  close(): Promise<void>;
}

export function createFunctionPool(opts: PoolOptions): FunctionPool {
  let bundle: Promise<FunctionBundle> | undefined;
  const idle: Slot[] = [];
  let running = 0;
  const queue: { event: unknown; resolve: (r: InvokeResult) => void }[] = [];
  const drained: (() => void)[] = [];
  let closing = false;

  const ensureBundle = () => {
    bundle ??= opts.bundle().catch((e: unknown) => {
      bundle = undefined; // a fixed handler is picked up by the next invocation
      throw e;
    });
    return bundle;
  };

  const takeSlot = (b: FunctionBundle): Slot | undefined => {
    for (let s = idle.pop(); s; s = idle.pop()) {
      if (s.worker.alive && s.expiresAt - opts.clock.now() > CREDENTIAL_MARGIN_MS) return s;
      s.worker.kill();
    }
    return running < opts.maxConcurrency ? opts.spawn(b) : undefined;
  };

  const pump = (b: FunctionBundle) => {
    while (queue.length > 0) {
      const slot = takeSlot(b);
      if (!slot) return;
      const job = queue.shift();
      if (!job) return;
      running++;
      void slot.worker.invoke(job.event).then((result) => {
        running--;
        if (slot.worker.alive) idle.push(slot);
        else if (result.ok === false && result.kind === 'timeout' && !closing) idle.push(opts.spawn(b));
        job.resolve(result);
        pump(b);
        if (running === 0 && queue.length === 0) for (const d of drained.splice(0)) d();
      });
    }
  };

  return {
    fn: opts.fn,
    prepare: () =>
      ensureBundle().then(
        () => undefined,
        (e: unknown) => opts.logger.error(describe(e)),
      ),
    bundled: () => (bundle ?? Promise.resolve(undefined)).catch(() => undefined),
    async invoke(event) {
      let b: FunctionBundle;
      try {
        b = await ensureBundle();
      } catch (e) {
        return bundleFailure(e, opts.logger);
      }
      try {
        await opts.beforeInvoke?.();
      } catch (e) {
        opts.logger.error(`could not prepare the function: ${e instanceof Error ? e.message : String(e)}`);
        return {
          ok: false,
          kind: 'error',
          errorType: 'Runtime.InitError',
          errorMessage: 'The function could not be prepared; see the log.',
        };
      }
      return new Promise((resolve) => {
        queue.push({ event, resolve });
        pump(b);
      });
    },
    async close() {
      closing = true;
      if (running > 0 || queue.length > 0) await new Promise<void>((r) => drained.push(r));
      for (const s of idle.splice(0)) s.worker.kill();
    },
  };
}

function bundleFailure(e: unknown, logger: Logger): InvokeResult {
  logger.error(describe(e));
  const errorMessage = e instanceof BundleError ? e.message : 'The function could not be bundled; see the log.';
  return { ok: false, kind: 'error', errorType: 'Runtime.UserCodeSyntaxError', errorMessage };
}

function describe(e: unknown): string {
  return e instanceof BundleError
    ? `bundling failed:\n${e.message}`
    : `bundling failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}
