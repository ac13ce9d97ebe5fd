/**
 * Where `defineBackend` leaves its resources for the project loader. A global symbol, because the
 * user's backend is re-imported on every reload while this module stays loaded.
 */
const KEY = Symbol.for('hearth.backend.registry');

export interface BackendRegistration {
  resources: Record<string, unknown>;
  outputs: Record<string, unknown>[];
  definedIn: string;
  /** what backend.ts did through the escape hatches (`resources`, `addEnvironment`, CDK constructs) */
  hatches?: EscapeHatchLog;
}

/** `file:line` of the user's code that did it, for "ignored by Hearth: … in <file>:<line>". */
export interface HatchSite {
  at: string;
}

/**
 * Escape-hatch use, recorded while backend.ts runs and judged by the IR compiler: property writes
 * (applied where Hearth has the setting), calls and constructs Hearth ignores, and environment
 * variables added to functions. Values may hold `${hearth:<path>}` references to names and ARNs.
 */
export interface EscapeHatchLog {
  writes: ({ path: string; value: unknown } & HatchSite)[];
  ignored: ({ what: string } & HatchSite)[];
  /** `backend.<key>.addEnvironment(name, value)` */
  environment: ({ resource: string; name: string; value: unknown } & HatchSite)[];
  /** `new EventSourceMapping(…)` and `lambda.addEventSource(new DynamoEventSource(…))` (stream-sources.ts) */
  streams?: StreamSourceRecord[];
}

/** A stream event source as backend.ts declared it: `target` is the function's stand-in path. */
export interface StreamSourceRecord extends HatchSite {
  id: string;
  target: string;
  eventSourceArn: unknown;
  props: Record<string, unknown>;
}

type Slot = { current?: BackendRegistration; log?: EscapeHatchLog };

function slot(): Slot {
  const g = globalThis as unknown as Record<symbol, Slot>;
  g[KEY] ??= {};
  return g[KEY];
}

export function registerBackend(r: BackendRegistration): void {
  slot().current = r;
}

/** Takes the last registration and clears it, so a reload never sees a stale backend. */
export function takeBackendRegistration(): BackendRegistration | undefined {
  const s = slot();
  const r = s.current;
  s.current = undefined;
  s.log = undefined;
  return r;
}

/** The escape-hatch log of the backend being loaded (CDK stand-ins may be used before defineBackend). */
export function currentHatchLog(): EscapeHatchLog {
  const s = slot();
  s.log ??= { writes: [], ignored: [], environment: [] };
  return s.log;
}
