import { randomUUID } from 'node:crypto';
import { HearthError } from '../../util/errors.js';
import { toSubscriptionFilter } from './subscription-filter.js';

/** What one request/response call may leave behind besides its return value. */
export interface Invocation {
  /** util.appendError: reported next to the field's value */
  appendedErrors: AppSyncResolverError[];
  /** extensions.setSubscriptionFilter (subscription resolvers) */
  subscriptionFilter?: unknown;
  /** the field being resolved, for util.unauthorized's message */
  field?: { typeName: string; fieldName: string };
}

/**
 * util.error's error: a GraphQL error whose errorType is the resolver's own (AppSync reports
 * null when none is given). Also what util.appendError records.
 */
export class AppSyncResolverError extends HearthError {
  readonly errorType: string | null;
  readonly data: unknown;
  readonly errorInfo: unknown;

  constructor(message: string, errorType?: string | null, data?: unknown, errorInfo?: unknown) {
    super('ValidationError', message);
    this.errorType = errorType ?? null;
    this.data = data ?? null;
    this.errorInfo = errorInfo ?? null;
  }
}

/** runtime.earlyReturn unwinds the handler like AppSync's does; the runner catches it. */
export class EarlyReturn {
  constructor(readonly value: unknown) {}
}

/**
 * The `@aws-appsync/utils` module resolvers import: util, extensions and runtime. APPSYNC_JS
 * handlers are synchronous, so the runner points `current` at one invocation around each call.
 * Members the shim lacks throw an error naming them instead of returning undefined.
 */
export function createAppSyncRuntime() {
  let current: Invocation | undefined;
  const active = (what: string): Invocation => {
    if (!current) throw new HearthError('NotSupported', `${what} was called outside a resolver's request or response.`);
    return current;
  };
  const util = {
    error(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): never {
      throw new AppSyncResolverError(String(message), errorType, data, errorInfo);
    },
    appendError(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): void {
      active('util.appendError').appendedErrors.push(new AppSyncResolverError(String(message), errorType, data, errorInfo));
    },
    unauthorized(): never {
      const f = current?.field;
      throw new HearthError('Unauthorized', f ? `Not Authorized to access ${f.fieldName} on type ${f.typeName}` : 'Unauthorized');
    },
    autoId: () => randomUUID(),
    time: {
      nowISO8601: () => new Date().toISOString(),
      nowEpochSeconds: () => Math.floor(Date.now() / 1000),
      nowEpochMilliSeconds: () => Date.now(),
    },
    transform: { toSubscriptionFilter },
  };
  const extensions = {
    setSubscriptionFilter(filter: unknown): void {
      active('extensions.setSubscriptionFilter').subscriptionFilter = filter;
    },
    // invalidation closes matching subscriptions in AppSync; Hearth accepts the call and never invalidates
    setSubscriptionInvalidationFilter(_filter: unknown): void {},
  };
  const runtime = {
    earlyReturn(value?: unknown): never {
      throw new EarlyReturn(value ?? null);
    },
  };
  return {
    module: { util: strict(util, 'util'), extensions: strict(extensions, 'extensions'), runtime: strict(runtime, 'runtime') },
    /** runs `fn` with `inv` as the invocation util/extensions/runtime act on */
    within<T>(inv: Invocation, fn: () => T): T {
      const previous = current;
      current = inv;
      try {
        return fn();
      } finally {
        current = previous;
      }
    },
  };
}

export type AppSyncRuntime = ReturnType<typeof createAppSyncRuntime>;

/** A proxy that names the missing member (`util.dynamodb`) instead of handing back undefined. */
function strict<T extends object>(target: T, path: string): T {
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'symbol' || key in t) {
        const v = Reflect.get(t, key, receiver) as unknown;
        return v && typeof v === 'object' && typeof key === 'string' ? strict(v as object, `${path}.${key}`) : v;
      }
      // module namespace interop probes these; they are not resolver calls
      if (key === 'then' || key === '__esModule' || key === 'default') return undefined;
      throw new HearthError('NotSupported', `${path}.${key} from @aws-appsync/utils is not supported by Hearth's APPSYNC_JS runtime.`);
    },
  });
}
