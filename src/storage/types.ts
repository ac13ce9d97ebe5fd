/**
 * Contracts of file storage (defineStorage): who is asking, and where the bytes live. The object
 * metadata port (ObjectStore) is in db/ports.ts; the S3 protocol (protocols/s3) speaks for it.
 */
import type { Readable } from 'node:stream';
import type { StorageAction, StorageBucketIR } from '../ir/types.js';

/** The caller of a storage operation, from its SigV4 credentials. */
export type StorageCaller =
  /** identity-pool credentials: a guest, or a signed-in user with the groups of the ID token it logged in with */
  | { kind: 'identity'; identityId: string; authenticated: boolean; groups: string[] }
  /** a function's own credentials (`allow.resource(fn)`) */
  | { kind: 'function'; functionName: string }
  /** Hearth's admin credentials (scripts, the console): every action on every bucket */
  | { kind: 'admin' };

/** What an action is asked on: one object's key, or a list prefix (ListObjectsV2 `prefix`). */
export type StorageTarget = { key: string } | { prefix: string };

/** Decides one request from the compiled path rules (storage/access.ts implements it). */
export type StorageAccessCheck = (bucket: StorageBucketIR, caller: StorageCaller, action: StorageAction, target: StorageTarget) => boolean;

export interface BlobWriteResult {
  blobId: string;
  size: number;
  /** hex */
  md5: string;
  /** hex */
  sha256: string;
}

/** One stored blob, as the orphan sweep (blobs/sweep-orphans.ts) sees it. */
export interface BlobEntry {
  blobId: string;
  /** ms since the epoch: when its bytes were last written (a file's mtime, an S3 object's LastModified) */
  modified: number;
}

/**
 * Where object bytes live: a directory (sandbox, one machine) or an S3-compatible store
 * (`HEARTH_STORAGE_URL`, shared by several instances). A blob is immutable once written; a write is
 * durable when its promise resolves and leaves nothing visible when it fails.
 */
export interface BlobStore {
  /** streams `body` into a new blob; past `maxBytes` it throws HearthError('EntityTooLarge') and keeps nothing */
  write(body: Readable, o: { maxBytes: number }): Promise<BlobWriteResult>;
  /** the bytes, or bytes `start`..`end` inclusive */
  read(blobId: string, range?: { start: number; end: number }): Promise<Readable>;
  /** a new blob holding the given blobs in order (multipart completion); the sources stay */
  concat(blobIds: string[]): Promise<{ blobId: string; size: number }>;
  /** removing a missing blob is not an error */
  delete(blobId: string): Promise<void>;
  /**
   * Every whole blob (never a write in progress), in no particular order, for the orphan sweep. A
   * store without it is not swept.
   */
  list?(): AsyncIterable<BlobEntry>;
  /**
   * Removes writes that never finished (a crashed process's temp files, an S3 store's incomplete
   * multipart uploads) started or last touched before `before` (ms); returns how many. Writes of
   * this process in progress are never touched.
   */
  dropUnfinished?(before: number): Promise<number>;
  close(): Promise<void>;
}
