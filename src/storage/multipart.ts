/**
 * Multipart uploads (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html): an
 * upload is created under a key, parts 1..10,000 are written as blobs of their own (a part sent again
 * replaces the earlier one), and completion (complete-upload.ts) joins them into the object.
 */
import type { MultipartUploadRecord, UploadPartRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { quoteEtag } from './etag.js';
import { checkKey } from './object-key.js';
import { DEFAULT_CONTENT_TYPE, type ObjectAddress, type ObjectAttributes, type PutObjectInput, tooLarge } from './object-ops.js';
import { type StorageContext, writerOf } from './storage-context.js';
import { writeBlob } from './write-blob.js';

export const MAX_PART_NUMBER = 10_000;

export async function createUpload(ctx: StorageContext, i: ObjectAddress & ObjectAttributes): Promise<MultipartUploadRecord> {
  const bucket = ctx.bucket(i.bucket);
  checkKey(i.key);
  ctx.authorize(bucket, i.caller, 'write', { key: i.key });
  const upload: MultipartUploadRecord = {
    uploadId: ctx.ids.token(48),
    bucket: i.bucket,
    key: i.key,
    contentType: i.contentType || DEFAULT_CONTENT_TYPE,
    metadata: i.metadata ?? {},
    headers: i.headers ?? {},
    writer: writerOf(i.caller),
    initiated: ctx.clock.now(),
  };
  await ctx.objects.createUpload(upload);
  return upload;
}

/**
 * The upload named by id, checked against the key it was created for and the caller's write right.
 * Every multipart step asks `write`: IAM's s3:PutObject covers Create, UploadPart and Complete, while
 * Abort and ListParts are IAM actions of their own that Amplify's roles lack; treating them as `write`
 * is what lets Amplify's uploadData cancel and resume uploads (a deliberate difference).
 */
export async function openUpload(ctx: StorageContext, i: ObjectAddress & { uploadId: string }): Promise<MultipartUploadRecord> {
  const bucket = ctx.bucket(i.bucket);
  checkKey(i.key);
  ctx.authorize(bucket, i.caller, 'write', { key: i.key });
  const upload = i.uploadId ? await ctx.objects.getUpload(i.uploadId) : undefined;
  if (!upload || upload.bucket !== i.bucket || upload.key !== i.key)
    throw new HearthError(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    );
  return upload;
}

export function checkPartNumber(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PART_NUMBER)
    throw new HearthError('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
}

export async function uploadPart(
  ctx: StorageContext,
  i: PutObjectInput & { uploadId: string; partNumber: number },
): Promise<UploadPartRecord> {
  checkPartNumber(i.partNumber);
  await openUpload(ctx, i);
  if (i.size !== undefined && i.size > ctx.limits.maxObjectBytes) throw tooLarge();
  const blob = await writeBlob(ctx.blobs, i.body, { maxBytes: ctx.limits.maxObjectBytes, digests: i.digests ?? {} });
  const part: UploadPartRecord = {
    uploadId: i.uploadId,
    partNumber: i.partNumber,
    blobId: blob.blobId,
    size: blob.size,
    etag: quoteEtag(blob.md5),
    lastModified: ctx.clock.now(),
  };
  let replaced: UploadPartRecord | undefined;
  try {
    replaced = await ctx.objects.putPart(part);
  } catch (e) {
    ctx.dropBlobs([blob.blobId]);
    throw e;
  }
  if (replaced) ctx.dropBlobs([replaced.blobId]);
  return part;
}

export async function abortUpload(ctx: StorageContext, i: ObjectAddress & { uploadId: string }): Promise<void> {
  await openUpload(ctx, i);
  const parts = await ctx.objects.deleteUpload(i.uploadId);
  ctx.dropBlobs(parts.map((p) => p.blobId));
}

export interface ListPartsResult {
  upload: MultipartUploadRecord;
  parts: UploadPartRecord[];
  isTruncated: boolean;
  nextPartNumberMarker?: number;
  maxParts: number;
}

export async function listParts(
  ctx: StorageContext,
  i: ObjectAddress & { uploadId: string; partNumberMarker?: number; maxParts?: number },
): Promise<ListPartsResult> {
  const upload = await openUpload(ctx, i);
  const maxParts = Math.min(i.maxParts ?? 1000, 1000);
  if (!Number.isInteger(maxParts) || maxParts < 0) throw new HearthError('InvalidArgument', 'max-parts must be a non-negative integer');
  const page = await ctx.objects.listParts(i.uploadId, { after: i.partNumberMarker, limit: maxParts + 1 });
  const parts = page.slice(0, maxParts);
  const isTruncated = page.length > maxParts;
  return { upload, parts, isTruncated, nextPartNumberMarker: parts.at(-1)?.partNumber, maxParts };
}
