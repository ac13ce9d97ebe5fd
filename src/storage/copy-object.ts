/**
 * CopyObject: the caller needs `get` on the source and `write` on the destination. Blobs are never
 * shared between rows (a delete removes its blob), so the bytes are copied into a new blob.
 */
import type { ObjectRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { checkKey } from './object-key.js';
import {
  commit,
  DEFAULT_CONTENT_TYPE,
  headObject,
  type ObjectAddress,
  type ObjectAttributes,
  tooLarge,
  withCurrentBlob,
} from './object-ops.js';
import { type StorageContext, writerOf } from './storage-context.js';

export interface CopyObjectInput extends ObjectAddress {
  source: { bucket: string; key: string };
  /** COPY (default) keeps the source's content type and metadata; REPLACE takes `replacement` */
  metadataDirective?: 'COPY' | 'REPLACE';
  replacement?: ObjectAttributes;
  /** x-amz-copy-source-if-match */
  ifMatch?: string;
}

export async function copyObject(ctx: StorageContext, i: CopyObjectInput): Promise<ObjectRecord> {
  const bucket = ctx.bucket(i.bucket);
  checkKey(i.key);
  ctx.authorize(bucket, i.caller, 'write', { key: i.key });
  const replace = i.metadataDirective === 'REPLACE';
  if (!replace && i.source.bucket === i.bucket && i.source.key === i.key)
    throw new HearthError(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  // the source may be overwritten while its bytes are copied: the copy takes the version it read
  const { src, blob } = await withCurrentBlob(ctx, await headObject(ctx, { caller: i.caller, ...i.source }), async (src) => {
    if (i.ifMatch !== undefined && i.ifMatch !== src.etag && `"${i.ifMatch}"` !== src.etag)
      throw new HearthError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    if (src.size > ctx.limits.maxObjectBytes) throw tooLarge();
    return { src, blob: await ctx.blobs.concat([src.blobId]) };
  });
  const row: ObjectRecord = {
    ...src,
    bucket: i.bucket,
    key: i.key,
    blobId: blob.blobId,
    contentType: replace ? i.replacement?.contentType || DEFAULT_CONTENT_TYPE : src.contentType,
    metadata: replace ? (i.replacement?.metadata ?? {}) : src.metadata,
    headers: replace ? (i.replacement?.headers ?? {}) : src.headers,
    writer: writerOf(i.caller),
    lastModified: ctx.clock.now(),
  };
  const trigger = ctx.trigger(bucket, 'ObjectCreated:Copy', row, i.requestId ?? '');
  await commit(ctx, { row, newBlobId: blob.blobId, enqueue: trigger.enqueue });
  ctx.fired(trigger);
  return row;
}
