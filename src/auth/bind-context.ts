/** An auth operation: its first parameter is the context it runs in. */
type Operation<C> = (c: C, ...args: any[]) => unknown;

/** The same operation with its context already supplied. */
export type Bound<F> = F extends (c: any, ...args: infer A) => infer R ? (...args: A) => R : never;

/**
 * Supplies the context to every operation, as the auth face exposes them:
 * `bindContext(c, { signUp })` is `{ signUp: (i) => signUp(c, i) }`, with the operation's own types.
 */
export function bindContext<C, T extends Record<string, Operation<C>>>(c: C, ops: T): { [K in keyof T]: Bound<T[K]> } {
  const out: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(ops)) out[name] = (...args: unknown[]) => op(c, ...args);
  return out as { [K in keyof T]: Bound<T[K]> };
}
