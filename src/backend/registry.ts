/**
 * Where `defineBackend` leaves its resources for the project loader. A global symbol, because the
 * user's backend is re-imported on every reload while this module stays loaded.
 */
const KEY = Symbol.for('hearth.backend.registry');

export interface BackendRegistration {
  resources: Record<string, unknown>;
  outputs: Record<string, unknown>[];
  definedIn: string;
}

type Slot = { current?: BackendRegistration };

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
  return r;
}
