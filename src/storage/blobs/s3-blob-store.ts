/**
 * Blobs in an existing S3-compatible bucket (`HEARTH_STORAGE_URL`, see s3-storage-url.ts for its
 * form), so that every instance of `hearth start` sees the same bytes. One blob is one object
 * `PREFIX/<blob id>`: written once, never changed, deleted when its metadata row lets it go.
 *
 * A write streams the body (length unknown) while hashing it: one PutObject when it fits in a part,
 * else a multipart upload that is aborted on failure, so a failed write leaves nothing. concat
 * streams its sources through this process into a new object; UploadPartCopy would keep the bytes
 * on the server but is not implemented by every S3-compatible store (s3rver, for one).
 */
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { HearthError } from '../../util/errors.js';
import type { BlobEntry, BlobStore, BlobWriteResult } from '../types.js';
import { consumeBody, isBlobId, missingBlob, newBlobId } from './body-digest.js';
import { S3ObjectWriter } from './s3-object-writer.js';
import { parseStorageUrl, redactStorageUrl, type S3StorageTarget } from './s3-storage-url.js';

/** a store over the bucket `url` names; a bad URL throws ConfigError (the bucket is not asked: see checkS3Bucket) */
export function createS3BlobStore(url: string): BlobStore {
  return createS3BlobStoreFor(parseStorageUrl(url));
}

/**
 * Asks the server for the bucket once, so that a wrong host, key or bucket name stops the start with
 * a ConfigError that says which, instead of failing the first upload.
 */
export async function checkS3Bucket(url: string): Promise<void> {
  const t = parseStorageUrl(url);
  // a dead endpoint fails the start in seconds, not after the SDK's retries
  const client = s3Client(t, { maxAttempts: 1 });
  try {
    await client.send(new HeadBucketCommand({ Bucket: t.bucket }));
  } catch (e) {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const why = status === 404 ? 'the bucket does not exist' : status === 403 ? 'the keys are refused' : (e as Error).message;
    throw new HearthError('ConfigError', `HEARTH_STORAGE_URL ${redactStorageUrl(url)}: bucket "${t.bucket}" is not usable: ${why}.`, e);
  } finally {
    client.destroy();
  }
}

function s3Client(t: S3StorageTarget, o: { maxAttempts?: number } = {}): S3Client {
  return new S3Client({
    ...o,
    region: t.region,
    forcePathStyle: t.forcePathStyle,
    ...(t.endpoint ? { endpoint: t.endpoint } : {}),
    ...(t.credentials ? { credentials: t.credentials } : {}),
    // checksums only where S3 demands them: many S3-compatible servers reject the newer defaults
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function createS3BlobStoreFor(t: S3StorageTarget): BlobStore {
  const client = s3Client(t);
  const target = (blobId: string) => ({ Bucket: t.bucket, Key: `${t.prefix}${blobId}` });

  async function stream(blobId: string, o: { maxBytes: number; into: S3ObjectWriter }) {
    const body = await getBody(client, target(blobId));
    return consumeBody(body, o.maxBytes, (chunk) => o.into.add(chunk));
  }

  /** blob ids of this process's writes in progress: dropUnfinished leaves them alone */
  const writing = new Set<string>();
  const track = async <T>(blobId: string, work: () => Promise<T>): Promise<T> => {
    writing.add(blobId);
    try {
      return await work();
    } finally {
      writing.delete(blobId);
    }
  };

  return {
    write: (body, { maxBytes }) => {
      const blobId = newBlobId();
      return track(blobId, () => writeBody(blobId, body, maxBytes));
    },
    read(blobId, range) {
      return getBody(client, { ...target(blobId), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) });
    },
    concat: (blobIds) => {
      const blobId = newBlobId();
      return track(blobId, () => concatInto(blobId, blobIds));
    },
    async delete(blobId) {
      if (!isBlobId(blobId)) return;
      // S3 answers 204 for a key that is not there
      await client.send(new DeleteObjectCommand(target(blobId)));
    },
    list: () => listBlobs(client, t),
    dropUnfinished: (before) => abortOldUploads(client, t, before, writing),
    async close() {
      client.destroy();
    },
  };

  async function writeBody(blobId: string, body: Readable, maxBytes: number): Promise<BlobWriteResult> {
    const writer = new S3ObjectWriter(client, target(blobId));
    try {
      const digest = await consumeBody(body, maxBytes, (chunk) => writer.add(chunk));
      await writer.finish();
      return { blobId, ...digest };
    } catch (e) {
      await writer.abort();
      throw e;
    }
  }

  async function concatInto(blobId: string, blobIds: string[]): Promise<{ blobId: string; size: number }> {
    const writer = new S3ObjectWriter(client, target(blobId));
    try {
      let size = 0;
      for (const id of blobIds) size += (await stream(id, { maxBytes: Number.POSITIVE_INFINITY, into: writer })).size;
      await writer.finish();
      return { blobId, size };
    } catch (e) {
      await writer.abort();
      throw e;
    }
  }
}

/**
 * Aborts multipart uploads under the prefix begun before `before` (a process that died mid-write),
 * except this process's. A server without ListMultipartUploads (s3rver) has none to find: 0.
 */
async function abortOldUploads(client: S3Client, t: S3StorageTarget, before: number, writing: Set<string>): Promise<number> {
  let aborted = 0;
  let marker: { KeyMarker?: string; UploadIdMarker?: string } = {};
  for (;;) {
    const page = await client.send(new ListMultipartUploadsCommand({ Bucket: t.bucket, Prefix: t.prefix, ...marker })).catch((e) => {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 501 || status === 405 || (e as Error).name === 'NotImplemented') return undefined;
      throw e;
    });
    if (!page) return aborted;
    for (const u of page.Uploads ?? []) {
      const blobId = (u.Key ?? '').slice(t.prefix.length);
      if (!isBlobId(blobId) || writing.has(blobId) || (u.Initiated?.getTime() ?? 0) >= before) continue;
      await client.send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key: u.Key, UploadId: u.UploadId }));
      aborted++;
    }
    if (!page.IsTruncated) return aborted;
    marker = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
  }
}

/** the blob objects under the prefix; a multipart write in progress is no object yet, so it is not listed */
async function* listBlobs(client: S3Client, t: S3StorageTarget): AsyncGenerator<BlobEntry> {
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: t.bucket, Prefix: t.prefix, ContinuationToken: token, MaxKeys: 1000 }),
    );
    for (const o of page.Contents ?? []) {
      const blobId = (o.Key ?? '').slice(t.prefix.length);
      if (isBlobId(blobId)) yield { blobId, modified: o.LastModified?.getTime() ?? 0 };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

async function getBody(client: S3Client, input: { Bucket: string; Key: string; Range?: string }): Promise<Readable> {
  const blobId = input.Key.slice(input.Key.lastIndexOf('/') + 1);
  if (!isBlobId(blobId)) throw missingBlob(blobId);
  try {
    const r = await client.send(new GetObjectCommand(input));
    return r.Body as Readable;
  } catch (e) {
    if ((e as { name?: string }).name === 'NoSuchKey') throw missingBlob(blobId, e);
    throw e;
  }
}
