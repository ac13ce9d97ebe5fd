/**
 * Runs defineStorage `triggers` (onUpload, onDelete) the way S3 invokes Lambda: asynchronously, after
 * the write answered. The server's runner (server/storage-wiring.ts) puts each event in the durable
 * invocation queue (functions/invocation-queue.ts): stored before it runs, retried twice as Lambda
 * retries async events, then kept as failed for `hearth triggers list|retry`. `onFailure` hears of a
 * failed first attempt (a runner without the queue logs it there): visible, never silent.
 */
import type { StorageBucketIR } from '../ir/types.js';
import type { S3Event, S3EventRecord } from './s3-events.js';

export interface TriggerRunner {
  /** runs the named function with the event; resolves to an error message when it failed */
  invoke(functionName: string, event: S3Event): Promise<{ ok: true } | { ok: false; message: string }>;
  onFailure(functionName: string, event: S3Event, message: string): void;
}

export function fireTrigger(runner: TriggerRunner | undefined, bucket: StorageBucketIR, record: S3EventRecord): Promise<void> {
  const fn = record.eventName.startsWith('ObjectCreated') ? bucket.triggers.onUpload : bucket.triggers.onDelete;
  if (!runner || !fn) return Promise.resolve();
  const event: S3Event = { Records: [record] };
  return runner.invoke(fn, event).then(
    (r) => {
      if (!r.ok) runner.onFailure(fn, event, r.message);
    },
    (e: unknown) => runner.onFailure(fn, event, e instanceof Error ? e.message : String(e)),
  );
}
