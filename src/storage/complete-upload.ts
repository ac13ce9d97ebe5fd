/**
 * CompleteMultipartUpload: the listed parts, in ascending order (InvalidPartOrder), each uploaded
 * with the ETag given (InvalidPart), every one but the last at least 5 MiB (EntityTooSmall), are
 * joined into one new blob; then one transaction makes the object visible and drops the upload.
 * Parts not listed are discarded, as S3 does.
 */
import type { ObjectRecord, UploadPartRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { multipartEtag, normalizeEtag } from './etag.js';
import { openUpload } from './multipart.js';
import { checkNoneMatch, type ObjectAddress } from './object-ops.js';
import type { StorageContext } from './storage-context.js';

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

export async function completeUpload(
  ctx: StorageContext,
  i: ObjectAddress & { uploadId: string; parts: CompletedPart[]; ifNoneMatch?: string },
): Promise<ObjectRecord> {
  const upload = await openUpload(ctx, i);
  await checkNoneMatch(ctx, i);
  if (i.parts.length === 0)
    throw new HearthError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  const stored = new Map((await ctx.objects.listParts(i.uploadId)).map((p) => [p.partNumber, p]));
  const chosen = chooseParts(i.parts, stored, ctx.limits.minPartBytes);
  const blob = await ctx.blobs.concat(chosen.map((p) => p.blobId));
  const row: ObjectRecord = {
    bucket: upload.bucket,
    key: upload.key,
    blobId: blob.blobId,
    size: blob.size,
    etag: multipartEtag(chosen.map((p) => p.etag)),
    contentType: upload.contentType,
    metadata: upload.metadata,
    headers: upload.headers,
    writer: upload.writer,
    lastModified: ctx.clock.now(),
  };
  const trigger = ctx.trigger(ctx.bucket(i.bucket), 'ObjectCreated:CompleteMultipartUpload', row, i.requestId ?? '');
  let done: Awaited<ReturnType<typeof ctx.objects.completeUpload>>;
  try {
    done = await ctx.objects.completeUpload(i.uploadId, row, trigger.enqueue);
  } catch (e) {
    ctx.dropBlobs([blob.blobId]);
    throw e;
  }
  ctx.dropBlobs([...done.parts.map((p) => p.blobId), ...(done.replaced ? [done.replaced.blobId] : [])]);
  ctx.fired(trigger);
  return row;
}

function chooseParts(asked: CompletedPart[], stored: Map<number, UploadPartRecord>, minPartBytes: number): UploadPartRecord[] {
  const out: UploadPartRecord[] = [];
  let previous = 0;
  for (const a of asked) {
    if (a.partNumber <= previous)
      throw new HearthError(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
      );
    previous = a.partNumber;
    const part = stored.get(a.partNumber);
    if (!part || normalizeEtag(part.etag) !== normalizeEtag(a.etag))
      throw new HearthError(
        'InvalidPart',
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
      );
    out.push(part);
  }
  const small = out.slice(0, -1).find((p) => p.size < minPartBytes);
  if (small) throw new HearthError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.');
  return out;
}
