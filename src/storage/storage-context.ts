/** What every storage operation shares: the ports, the bucket table and the access decision. */
import type { ObjectRecord, ObjectStore } from '../db/ports.js';
import type { StorageAction, StorageBucketIR, StorageIR } from '../ir/types.js';
import type { Clock } from '../util/clock.js';
import { HearthError } from '../util/errors.js';
import type { Ids } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import { createContinuationTokens } from './continuation-token.js';
import { createEventRecords, type S3EventName } from './s3-events.js';
import { type PreparedTrigger, prepareTrigger, type TriggerRunner } from './storage-triggers.js';
import type { BlobStore, StorageAccessCheck, StorageCaller, StorageTarget } from './types.js';

export interface StorageLimits {
  /** a single PUT, an UploadPart, a copy: 5 GiB like S3 */
  maxObjectBytes: number;
  /** every part but the last, at completion: 5 MiB like S3 */
  minPartBytes: number;
}

export const S3_LIMITS: StorageLimits = { maxObjectBytes: 5 * 1024 ** 3, minPartBytes: 5 * 1024 ** 2 };

export interface StorageDeps {
  ir: StorageIR;
  objects: ObjectStore;
  blobs: BlobStore;
  access: StorageAccessCheck;
  clock: Clock;
  ids: Ids;
  region: string;
  /** signs ListObjectsV2 continuation tokens */
  tokenKey: Buffer;
  /** runs onUpload/onDelete; without it triggers are not run */
  triggers?: TriggerRunner;
  logger: Logger;
  limits?: Partial<StorageLimits>;
}

export type StorageContext = ReturnType<typeof createStorageContext>;

/** what an S3 event record tells of the object */
export type EventObject = Pick<ObjectRecord, 'bucket' | 'key' | 'size' | 'etag' | 'writer'>;

export function createStorageContext(d: StorageDeps) {
  const byName = new Map(d.ir.buckets.map((b) => [b.bucketName, b]));
  const record = createEventRecords({ region: d.region, clock: d.clock });
  const pending = new Set<Promise<void>>();
  return {
    ...d,
    limits: { ...S3_LIMITS, ...d.limits },
    tokens: createContinuationTokens(d.tokenKey),
    bucket(name: string): StorageBucketIR {
      const b = byName.get(name);
      if (!b) throw new HearthError('NoSuchBucket', 'The specified bucket does not exist');
      return b;
    },
    authorize(bucket: StorageBucketIR, caller: StorageCaller, action: StorageAction, target: StorageTarget): void {
      if (!d.access(bucket, caller, action, target)) throw new HearthError('AccessDenied', 'Access Denied');
    },
    /** deletes blobs no row points at any more; a failure leaves an orphan blob, logged, never an error */
    dropBlobs(blobIds: string[]): void {
      for (const id of blobIds)
        d.blobs.delete(id).catch((e: unknown) => d.logger.warn(`could not delete blob ${id}: ${(e as Error).message}`));
    },
    /**
     * The trigger of a write about to commit: pass `enqueue` to the ObjectStore write (same
     * transaction), then `fired(t)` once it committed.
     */
    trigger(bucket: StorageBucketIR, name: S3EventName, obj: EventObject, requestId: string): PreparedTrigger {
      return prepareTrigger(d.triggers, bucket, { name, record: () => record(name, obj, requestId) });
    },
    /** starts a committed write's trigger; it runs on after the answer */
    fired(t: PreparedTrigger): void {
      const p = t.fire();
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    /** resolves when every trigger started so far has finished (tests, shutdown) */
    async settled(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

export function writerOf(caller: StorageCaller): string {
  if (caller.kind === 'identity') return caller.identityId;
  if (caller.kind === 'function') return `function:${caller.functionName}`;
  return 'admin';
}
