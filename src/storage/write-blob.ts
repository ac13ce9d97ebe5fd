/**
 * Streams a request body into a new blob and checks the digests the client sent: Content-MD5
 * (BadDigest) and a hex x-amz-content-sha256 (XAmzContentSHA256Mismatch). A blob that fails a check
 * is deleted before the error is thrown, so nothing of it stays.
 */
import type { Readable } from 'node:stream';
import { HearthError } from '../util/errors.js';
import type { BlobStore, BlobWriteResult } from './types.js';

export interface BodyDigests {
  /** Content-MD5: base64 of the 16 MD5 bytes */
  contentMd5?: string;
  /** x-amz-content-sha256 when it is a hash (not UNSIGNED-PAYLOAD / STREAMING-…) */
  sha256?: string;
}

export async function writeBlob(blobs: BlobStore, body: Readable, o: { maxBytes: number; digests: BodyDigests }): Promise<BlobWriteResult> {
  const written = await blobs.write(body, { maxBytes: o.maxBytes });
  const failure = digestFailure(written, o.digests);
  if (failure) {
    await blobs.delete(written.blobId);
    throw failure;
  }
  return written;
}

function digestFailure(w: BlobWriteResult, d: BodyDigests): HearthError | undefined {
  if (d.contentMd5 !== undefined) {
    const sent = Buffer.from(d.contentMd5, 'base64');
    if (sent.length !== 16) return new HearthError('InvalidDigest', 'The Content-MD5 you specified was invalid.');
    if (sent.toString('hex') !== w.md5)
      return new HearthError('BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
  if (d.sha256 !== undefined && d.sha256.toLowerCase() !== w.sha256)
    return new HearthError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  return undefined;
}
