/**
 * Removes what a crash or a client that went away leaves behind: blobs no row points at (a crash
 * between a blob's rename and its row's commit, or after a commit and before the replaced blob's
 * delete), and multipart uploads never completed nor aborted, with their parts.
 *
 * Safe beside running writes because a row only ever comes to point at a blob written moments
 * before it commits (every write, copy and completion makes a new blob). A blob unreferenced and
 * older than `graceMs` can no longer be claimed by anyone. Writes in progress are no blobs yet (the
 * directory store keeps them under `.tmp/`; the S3 store's multipart write is no object until it
 * completes). The S3 store dates a multipart-written blob from the start of its write, so the grace
 * must outlast the longest single write: 6 hours by default.
 *
 * S3 itself keeps incomplete multipart uploads until a bucket lifecycle rule
 * (AbortIncompleteMultipartUpload, commonly 7 days) aborts them; `uploadTtlMs` is that rule here.
 */
import type { Logger } from '../../util/logger.js';
import type { BlobStore } from '../types.js';

const HOUR = 60 * 60 * 1000;
export const SWEEP_DEFAULTS = { graceMs: 6 * HOUR, uploadTtlMs: 7 * 24 * HOUR, everyMs: HOUR } as const;
/** the claim's name in the database: one sweep per `everyMs` across every instance */
export const SWEEP_TASK = 'storage-orphans';
const BATCH = 500;

/** the metadata the sweep asks (db/ports.ts ObjectStore has these) */
export interface SweepRows {
  unreferencedBlobs(blobIds: string[]): Promise<string[]>;
  staleUploads(o: { initiatedBefore: number; limit: number }): Promise<{ uploadId: string }[]>;
  deleteUpload(uploadId: string): Promise<{ blobId: string }[]>;
  claimSweep(task: string, o: { now: number; everyMs: number }): Promise<boolean>;
}

export interface SweepOptions {
  rows: SweepRows;
  blobs: BlobStore;
  /** ms, on the clock that dated the uploads' `initiated` (the backend's clock) */
  now: number;
  /** ms, on the clock that dated the blob files (the wall clock); `now` when not given */
  wallNow?: number;
  /** only blobs last written before now - graceMs are removed */
  graceMs?: number;
  /** multipart uploads initiated before now - uploadTtlMs are aborted */
  uploadTtlMs?: number;
}

export interface SweepResult {
  /** multipart uploads aborted */
  uploads: number;
  /** the part blobs of those uploads, removed */
  parts: number;
  /** blobs no row pointed at, removed */
  orphans: number;
  /** writes that never finished (temp files, the S3 store's incomplete multipart uploads), removed */
  unfinished: number;
}

/** one sweep, now; safe to run on several instances at once (deleting twice is no error) */
export async function sweepOrphans(o: SweepOptions): Promise<SweepResult> {
  // a test clock moved ahead ages the uploads it dated, never the bytes just written
  const before = (o.wallNow ?? o.now) - (o.graceMs ?? SWEEP_DEFAULTS.graceMs);
  const { uploads, parts } = await abortStaleUploads(o, o.now - (o.uploadTtlMs ?? SWEEP_DEFAULTS.uploadTtlMs));
  const orphans = await deleteOrphanBlobs(o, before);
  const unfinished = (await o.blobs.dropUnfinished?.(before)) ?? 0;
  return { uploads, parts, orphans, unfinished };
}

async function abortStaleUploads(o: SweepOptions, initiatedBefore: number): Promise<{ uploads: number; parts: number }> {
  const r = { uploads: 0, parts: 0 };
  for (;;) {
    const stale = await o.rows.staleUploads({ initiatedBefore, limit: BATCH });
    for (const u of stale) {
      const parts = await o.rows.deleteUpload(u.uploadId);
      for (const p of parts) await o.blobs.delete(p.blobId);
      r.uploads++;
      r.parts += parts.length;
    }
    if (stale.length < BATCH) return r;
  }
}

async function deleteOrphanBlobs(o: SweepOptions, writtenBefore: number): Promise<number> {
  if (!o.blobs.list) return 0;
  let removed = 0;
  let batch: string[] = [];
  const flush = async () => {
    for (const id of await o.rows.unreferencedBlobs(batch)) {
      await o.blobs.delete(id);
      removed++;
    }
    batch = [];
  };
  for await (const b of o.blobs.list()) {
    if (b.modified >= writtenBefore) continue;
    batch.push(b.blobId);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return removed;
}

export interface OrphanSweeper {
  /** the sweep in progress, if one is (tests, shutdown) */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Sweeps `firstAfterMs` after start (30 s: never in the way of a start or of a short test run), then
 * every `everyMs`; each run first claims the turn in the database, so
 * with several instances on one PostgreSQL database one of them sweeps per period. Failures are
 * logged and retried at the next period; the timers never keep the process alive.
 */
export function startOrphanSweeps(
  o: Omit<SweepOptions, 'now'> & { now: () => number; everyMs?: number; firstAfterMs?: number; logger: Logger },
): OrphanSweeper {
  const everyMs = o.everyMs ?? SWEEP_DEFAULTS.everyMs;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = async () => {
    const now = o.now();
    if (!(await o.rows.claimSweep(SWEEP_TASK, { now, everyMs }))) return;
    const r = await sweepOrphans({ ...o, now, wallNow: Date.now() });
    if (r.uploads + r.orphans + r.unfinished > 0)
      o.logger.info(
        `storage sweep: aborted ${r.uploads} stale multipart upload(s) (${r.parts} part blobs), ` +
          `removed ${r.orphans} blob(s) no object pointed at and ${r.unfinished} unfinished write(s)`,
      );
  };
  const tick = () => {
    if (stopped) return;
    running = run().catch((e: unknown) => o.logger.warn(`storage sweep failed (next try in ${everyMs} ms): ${(e as Error).message}`));
  };
  const first = setTimeout(tick, o.firstAfterMs ?? 30_000);
  const timer = setInterval(tick, everyMs);
  first.unref();
  timer.unref();
  return {
    idle: () => running,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
