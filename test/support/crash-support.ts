/**
 * What the kill -9 tests share (storage-crash, auth-data-crash): writing a small app to disk,
 * killing a sandbox the hard way, and telling a request the kill broke from a bug.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SandboxProcess } from './sandbox-process.js';

/** Writes `files` (path → text) under `dir`, creating folders as needed. */
export function writeAppFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** SIGKILL, as a power cut or the OOM killer would: no handler runs. Resolves once the process is gone. */
export async function killHard(sandbox: SandboxProcess): Promise<void> {
  if (sandbox.child.exitCode !== null || sandbox.child.signalCode !== null) return;
  const exited = new Promise((r) => sandbox.child.once('exit', r));
  sandbox.child.kill('SIGKILL');
  await exited;
}

/** A request that failed for a reason other than the kill. */
export interface Failure {
  key: string;
  what: string;
  error: string;
  /** the server was alive when the request failed: a bug, not the crash */
  whileAlive: boolean;
}

/**
 * Whether a failed request is a finding: a connection refused or reset by the kill is expected; an
 * HTTP answer (an error the server chose to send) or any failure while the server was alive is not.
 */
export function isFinding(httpStatus: number | undefined, alive: boolean): boolean {
  return httpStatus !== undefined || alive;
}

/** A random pause of `lo` to `hi` ms: how long the server runs before the next kill. */
export const pause = (lo: number, hi: number) => new Promise((r) => setTimeout(r, lo + Math.random() * (hi - lo)));
