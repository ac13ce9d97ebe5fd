/**
 * `import()` of an ES module outside Hearth's own code (the app's backend bundle, Hearth's
 * `hearth/backend` module, chokidar). The `hearth` command runs as one CommonJS bundle compiled with
 * a V8 code cache (scripts/bundle-cli.mjs): on Node 20 a script compiled from a code cache has no
 * loader for `import()`, so the command's launcher, a module of its own, lends its `import()`
 * under this symbol. Everywhere else (tests, the per-file build) this is a plain `import()`.
 */
export function importModule<T = Record<string, unknown>>(specifier: string): Promise<T> {
  const lent = (globalThis as { [LENT_IMPORT]?: (s: string) => Promise<T> })[LENT_IMPORT];
  return lent ? lent(specifier) : import(specifier);
}

const LENT_IMPORT = Symbol.for('hearth.import');
