/**
 * The objects `define*` return. They only capture the props and the caller's file; the IR compiler
 * (src/ir) turns them into a BackendIR. Kept plain so nothing downstream depends on builders.
 */
export const HEARTH_DEFINITION = Symbol.for('hearth.definition');

export type DefinitionKind = 'auth' | 'data' | 'function' | 'storage';

export interface Definition<K extends DefinitionKind = DefinitionKind, P = unknown> {
  readonly [HEARTH_DEFINITION]: { kind: K; props: P; definedIn: string };
  /** Amplify's ConstructFactory surface; present so `allow.resource(fn)` type-checks. */
  readonly provides?: string;
  getInstance(props: unknown): never;
}

export function makeDefinition<K extends DefinitionKind, P>(kind: K, props: P, definedIn: string): Definition<K, P> {
  return {
    [HEARTH_DEFINITION]: { kind, props, definedIn },
    provides: kind === 'auth' ? 'AuthResources' : undefined,
    getInstance() {
      throw new Error('Hearth does not synthesise CDK constructs; run this backend with `hearth sandbox`.');
    },
  };
}

export function definitionOf(v: unknown): Definition[typeof HEARTH_DEFINITION] | undefined {
  if (v !== null && typeof v === 'object' && HEARTH_DEFINITION in v) {
    return (v as Definition)[HEARTH_DEFINITION];
  }
  return undefined;
}
