/**
 * Runs defineStorage `triggers` (onUpload, onDelete) the way S3 invokes Lambda: asynchronously, after
 * the write answered. The server's runner (server/storage-wiring.ts) is durable: each event becomes
 * an invocation row that the ObjectStore writes in the same transaction as the object row
 * (architecture decision 12), so a crash loses neither or both; once committed it runs at once,
 * is retried twice as Lambda retries async events, then kept as failed for `hearth triggers
 * list|retry`. A runner without `durable` (tests) just invokes after the commit; `onFailure` hears
 * of a failed attempt there: visible, never silent.
 */
import type { InvocationRecord } from '../db/ports.js';
import type { StorageBucketIR } from '../ir/types.js';
import type { S3Event, S3EventName, S3EventRecord } from './s3-events.js';

export interface TriggerRunner {
  /** runs the named function with the event; resolves to an error message when it failed */
  invoke(functionName: string, event: S3Event): Promise<{ ok: true } | { ok: false; message: string }>;
  onFailure(functionName: string, event: S3Event, message: string): void;
  durable?: {
    /** the invocation row for an event, for the ObjectStore to write with the object row */
    prepare(functionName: string, event: S3Event): InvocationRecord;
    /** runs a committed row's first attempt (failures are recorded by the runner, never thrown) */
    run(record: InvocationRecord): Promise<void>;
  };
}

/** The trigger of one write: rows to commit with it, and what starts it after the commit. */
export interface PreparedTrigger {
  enqueue: InvocationRecord[];
  fire(): Promise<void>;
}

const NONE: PreparedTrigger = { enqueue: [], fire: () => Promise.resolve() };

/**
 * The trigger `bucket` defines for `name` (none: no record is built). `record` builds the S3 event
 * record before the write, so the durable row can go into the write's transaction.
 */
export function prepareTrigger(
  runner: TriggerRunner | undefined,
  bucket: StorageBucketIR,
  o: { name: S3EventName; record: () => S3EventRecord },
): PreparedTrigger {
  const fn = o.name.startsWith('ObjectCreated') ? bucket.triggers.onUpload : bucket.triggers.onDelete;
  if (!runner || !fn) return NONE;
  const event: S3Event = { Records: [o.record()] };
  const durable = runner.durable;
  if (durable) {
    const row = durable.prepare(fn, event);
    return { enqueue: [row], fire: () => durable.run(row) };
  }
  return { enqueue: [], fire: () => invokeOnce(runner, fn, event) };
}

function invokeOnce(runner: TriggerRunner, fn: string, event: S3Event): Promise<void> {
  return runner.invoke(fn, event).then(
    (r) => {
      if (!r.ok) runner.onFailure(fn, event, r.message);
    },
    (e: unknown) => runner.onFailure(fn, event, e instanceof Error ? e.message : String(e)),
  );
}
