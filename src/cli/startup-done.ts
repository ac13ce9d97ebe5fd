/**
 * Tells the command's launcher (scripts/bundle-cli.mjs) that start-up is over: the moment V8 has
 * compiled what a start needs, so the launcher keeps that code for the next start. Nothing happens
 * outside the bundled command (tests, the per-file build) or when the code was kept already.
 */
export function startupDone(): void {
  (globalThis as { [STARTUP_DONE]?: () => void })[STARTUP_DONE]?.();
}

const STARTUP_DONE = Symbol.for('hearth.startup-done');
