/**
 * The file storage service: S3's object operations over the ObjectStore (rows), a BlobStore (bytes)
 * and the compiled path rules, free of any wire format. protocols/s3 speaks S3 REST for it; the
 * console may call it under the admin caller.
 */

import { HearthError } from '../util/errors.js';
import { type CompletedPart, completeUpload } from './complete-upload.js';
import { type CopyObjectInput, copyObject } from './copy-object.js';
import { type ListObjectsInput, listObjects } from './list-objects.js';
import { abortUpload, createUpload, listParts, uploadPart } from './multipart.js';
import {
  deleteObject,
  getObject,
  headObject,
  type ObjectAddress,
  type ObjectAttributes,
  type PutObjectInput,
  putObject,
} from './object-ops.js';
import type { RangeRequest } from './range.js';
import { createStorageContext, type StorageDeps } from './storage-context.js';

export type StorageService = ReturnType<typeof createStorageService>;

export function createStorageService(deps: StorageDeps) {
  const ctx = createStorageContext(deps);
  return {
    buckets: deps.ir.buckets,
    /** the bucket's definition; NoSuchBucket when the backend defines no such bucket */
    bucket: (name: string) => ctx.bucket(name),
    putObject: (i: PutObjectInput) => putObject(ctx, i),
    getObject: (i: ObjectAddress & { range?: RangeRequest }) => getObject(ctx, i),
    headObject: (i: ObjectAddress) => headObject(ctx, i),
    deleteObject: (i: ObjectAddress) => deleteObject(ctx, i),
    deleteObjects: (i: Omit<ObjectAddress, 'key'> & { keys: string[] }) => deleteObjects(ctx, i),
    copyObject: (i: CopyObjectInput) => copyObject(ctx, i),
    listObjects: (i: ListObjectsInput) => listObjects(ctx, i),
    createUpload: (i: ObjectAddress & ObjectAttributes) => createUpload(ctx, i),
    uploadPart: (i: PutObjectInput & { uploadId: string; partNumber: number }) => uploadPart(ctx, i),
    completeUpload: (i: ObjectAddress & { uploadId: string; parts: CompletedPart[]; ifNoneMatch?: string }) => completeUpload(ctx, i),
    abortUpload: (i: ObjectAddress & { uploadId: string }) => abortUpload(ctx, i),
    listParts: (i: ObjectAddress & { uploadId: string; partNumberMarker?: number; maxParts?: number }) => listParts(ctx, i),
    /** resolves when every trigger started so far has finished */
    settled: () => ctx.settled(),
  };
}

export type DeleteOutcome = { key: string; ok: true } | { key: string; ok: false; error: HearthError };

/** DeleteObjects: each key on its own, with its own access decision, as S3 reports them. */
async function deleteObjects(
  ctx: ReturnType<typeof createStorageContext>,
  i: Omit<ObjectAddress, 'key'> & { keys: string[] },
): Promise<DeleteOutcome[]> {
  ctx.bucket(i.bucket);
  if (i.keys.length > 1000)
    throw new HearthError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  const out: DeleteOutcome[] = [];
  for (const key of i.keys) {
    try {
      await deleteObject(ctx, { ...i, key });
      out.push({ key, ok: true });
    } catch (e) {
      if (!(e instanceof HearthError) || e.code === 'Internal') throw e;
      out.push({ key, ok: false, error: e });
    }
  }
  return out;
}
