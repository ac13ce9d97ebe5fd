/**
 * Single-object operations. A write is crash-safe in this order: the blob is durable first, then the
 * row commits (the object becomes visible), then the blob of the object it replaced is deleted.
 */
import type { Readable } from 'node:stream';
import type { InvocationRecord, ObjectRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { quoteEtag } from './etag.js';
import { checkKey } from './object-key.js';
import { type ByteRange, type RangeRequest, resolveRange } from './range.js';
import { type StorageContext, writerOf } from './storage-context.js';
import type { StorageCaller } from './types.js';
import { type BodyDigests, writeBlob } from './write-blob.js';

/** what S3 stores for an object written without a Content-Type */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

export interface ObjectAddress {
  caller: StorageCaller;
  bucket: string;
  key: string;
  /** names the request in S3 event records */
  requestId?: string;
}

/** what the client sends with an object: Content-Type, x-amz-meta-*, Content-Disposition… */
export interface ObjectAttributes {
  contentType?: string;
  metadata?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface PutObjectInput extends ObjectAddress, ObjectAttributes {
  body: Readable;
  /** Content-Length (or x-amz-decoded-content-length), to refuse a too large body before reading it */
  size?: number;
  digests?: BodyDigests;
  /** If-None-Match: `*` (Amplify's `preventOverwrite`): PreconditionFailed when the key exists */
  ifNoneMatch?: string;
}

export async function putObject(ctx: StorageContext, i: PutObjectInput): Promise<ObjectRecord> {
  const bucket = ctx.bucket(i.bucket);
  checkKey(i.key);
  ctx.authorize(bucket, i.caller, 'write', { key: i.key });
  if (i.size !== undefined && i.size > ctx.limits.maxObjectBytes) throw tooLarge();
  await checkNoneMatch(ctx, i);
  const blob = await writeBlob(ctx.blobs, i.body, { maxBytes: ctx.limits.maxObjectBytes, digests: i.digests ?? {} });
  const row: ObjectRecord = {
    bucket: i.bucket,
    key: i.key,
    blobId: blob.blobId,
    size: blob.size,
    etag: quoteEtag(blob.md5),
    contentType: i.contentType || DEFAULT_CONTENT_TYPE,
    metadata: i.metadata ?? {},
    headers: i.headers ?? {},
    writer: writerOf(i.caller),
    lastModified: ctx.clock.now(),
  };
  const trigger = ctx.trigger(bucket, 'ObjectCreated:Put', row, i.requestId ?? '');
  await commit(ctx, { row, newBlobId: blob.blobId, enqueue: trigger.enqueue });
  ctx.fired(trigger);
  return row;
}

/**
 * Commits the row with its trigger's invocations (`enqueue`, same transaction); on failure the new
 * blob goes, after success the replaced one does.
 */
export async function commit(ctx: StorageContext, c: { row: ObjectRecord; newBlobId: string; enqueue: InvocationRecord[] }): Promise<void> {
  const { row, newBlobId } = c;
  let replaced: ObjectRecord | undefined;
  try {
    replaced = await ctx.objects.put(row, c.enqueue);
  } catch (e) {
    ctx.dropBlobs([newBlobId]);
    throw e;
  }
  if (replaced && replaced.blobId !== newBlobId) ctx.dropBlobs([replaced.blobId]);
}

/**
 * Conditional writes (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html):
 * checked before the bytes are taken. Two writers racing past the check both succeed, the later
 * row winning; S3 guarantees one 412 there (a documented difference).
 */
export async function checkNoneMatch(ctx: StorageContext, i: { bucket: string; key: string; ifNoneMatch?: string }): Promise<void> {
  if (i.ifNoneMatch === undefined) return;
  if (i.ifNoneMatch.trim() !== '*') throw new HearthError('NotImplemented', 'If-None-Match on a write takes only `*`.');
  if (await ctx.objects.get(i.bucket, i.key))
    throw new HearthError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
}

export const tooLarge = () => new HearthError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');

export async function headObject(ctx: StorageContext, i: ObjectAddress): Promise<ObjectRecord> {
  const bucket = ctx.bucket(i.bucket);
  checkKey(i.key);
  ctx.authorize(bucket, i.caller, 'get', { key: i.key });
  const row = await ctx.objects.get(i.bucket, i.key);
  if (!row) throw new HearthError('NoSuchKey', 'The specified key does not exist.');
  return row;
}

export interface GetObjectResult {
  object: ObjectRecord;
  /** set when a satisfiable Range was asked: the bytes sent */
  range?: ByteRange;
  body: Readable;
}

export async function getObject(ctx: StorageContext, i: ObjectAddress & { range?: RangeRequest }): Promise<GetObjectResult> {
  return withCurrentBlob(ctx, await headObject(ctx, i), async (object) => {
    const range = i.range ? resolveRange(i.range, object.size) : undefined;
    return { object, range, body: await ctx.blobs.read(object.blobId, range) };
  });
}

const ATTEMPTS = 3;

/**
 * Runs `use` on an object's blob. An overwrite that commits between reading the row and opening its
 * blob deletes that blob; then the row is read again and the newer version used, as S3 answers a
 * read that overlaps a write with one of the two versions. A deleted object, or a blob missing under
 * an unchanged row, stays NoSuchKey.
 */
export async function withCurrentBlob<T>(ctx: StorageContext, row: ObjectRecord, use: (row: ObjectRecord) => Promise<T>): Promise<T> {
  let current = row;
  for (let attempt = 1; ; attempt++) {
    try {
      return await use(current);
    } catch (e) {
      if (!(e instanceof HearthError && e.code === 'NoSuchKey') || attempt === ATTEMPTS) throw e;
      const now = await ctx.objects.get(current.bucket, current.key);
      if (!now || now.blobId === current.blobId) throw e;
      current = now;
    }
  }
}

/** S3 answers 204 whether or not the key existed; onDelete runs only when something was deleted. */
export async function deleteObject(ctx: StorageContext, i: ObjectAddress): Promise<void> {
  const bucket = ctx.bucket(i.bucket);
  checkKey(i.key);
  ctx.authorize(bucket, i.caller, 'delete', { key: i.key });
  // a delete record names only the key: it is built before the delete, and written only if a row went
  const gone = { bucket: i.bucket, key: i.key, size: 0, etag: '', writer: writerOf(i.caller) };
  const trigger = ctx.trigger(bucket, 'ObjectRemoved:Delete', gone, i.requestId ?? '');
  const removed = await ctx.objects.delete(i.bucket, i.key, trigger.enqueue);
  if (!removed) return;
  ctx.dropBlobs([removed.blobId]);
  ctx.fired(trigger);
}
