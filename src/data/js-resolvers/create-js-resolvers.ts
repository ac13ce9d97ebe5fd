import type { JsHandlerIR } from '../../ir/types.js';
import { HearthError } from '../../util/errors.js';
import { AppSyncResolverError, createAppSyncRuntime, EarlyReturn, type Invocation } from './appsync-runtime.js';
import { loadResolver, type ResolverModule } from './load-resolver.js';

/** The `ctx` fields the caller supplies (AppSync's context object minus result/prev/stash). */
export interface JsContextInput {
  arguments: Record<string, unknown>;
  identity: unknown;
  source: unknown;
  request: { headers: Record<string, string> };
  info: Record<string, unknown>;
}

export interface JsPipelineResult {
  value: unknown;
  appendedErrors: AppSyncResolverError[];
  subscriptionFilter?: unknown;
}

export interface JsResolvers {
  /** runs a.handler.custom steps as AppSync's pipeline does; util.error throws its error */
  run(handlers: JsHandlerIR[], input: JsContextInput): JsPipelineResult;
}

/**
 * APPSYNC_JS resolvers on the NONE data source. Each step runs `request(ctx)`; the NONE data
 * source hands back the request's `payload` as `ctx.result`; `response(ctx)` is the step's
 * value, which the next step sees as `ctx.prev.result`. `ctx.stash` is shared along the
 * pipeline; runtime.earlyReturn ends it with the given value. Bundles load once per service, on
 * first use, synchronously (see loadResolver).
 */
export function createJsResolvers(): JsResolvers {
  const runtime = createAppSyncRuntime();
  const modules = new Map<string, ResolverModule>();
  const load = (entry: string) => {
    // a file that failed to bundle is not cached: the next call retries (the user may have fixed it)
    const cached = modules.get(entry);
    if (cached) return cached;
    const loaded = loadResolver(entry, runtime);
    modules.set(entry, loaded);
    return loaded;
  };
  return {
    run(handlers, input) {
      const { parentTypeName, fieldName } = input.info as { parentTypeName?: string; fieldName?: string };
      const field = parentTypeName && fieldName ? { typeName: parentTypeName, fieldName } : undefined;
      const inv: Invocation = { appendedErrors: [], field };
      const stash: Record<string, unknown> = {};
      let prev: { result: unknown } | null = null;
      let value: unknown = null;
      for (const h of handlers) {
        const mod = load(h.entry);
        const step = runStep(mod, h.entry, { ...input, args: input.arguments, stash, prev }, (fn) => runtime.within(inv, fn));
        value = step.value;
        if (step.early) break;
        prev = { result: value };
      }
      return { value, appendedErrors: inv.appendedErrors, subscriptionFilter: inv.subscriptionFilter };
    },
  };
}

type Within = <T>(fn: () => T) => T;

function runStep(mod: ResolverModule, entry: string, base: Record<string, unknown>, within: Within): { value: unknown; early: boolean } {
  const ctx: Record<string, unknown> = { ...base, result: null, error: null };
  try {
    const request = call(mod.request, 'request', entry, ctx, within);
    ctx.result = (request as { payload?: unknown } | null | undefined)?.payload ?? null;
    return { value: call(mod.response, 'response', entry, ctx, within), early: false };
  } catch (e) {
    if (e instanceof EarlyReturn) return { value: e.value, early: true };
    if (e instanceof HearthError) throw e;
    // the resolver's own bug: say where, as AppSync's evaluation errors do
    throw new AppSyncResolverError(`The resolver ${entry} threw: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function call(fn: ((ctx: unknown) => unknown) | undefined, name: string, entry: string, ctx: unknown, within: Within): unknown {
  if (typeof fn !== 'function') throw new HearthError('NotSupported', `The resolver ${entry} does not export a ${name} function.`);
  const out = within(() => fn(ctx));
  if (out && typeof (out as { then?: unknown }).then === 'function') {
    throw new HearthError(
      'NotSupported',
      `The resolver ${entry}: ${name} returned a Promise; APPSYNC_JS handlers are synchronous (no async/await).`,
    );
  }
  return out;
}
