/**
 * The blob port's face: `openBlobStore` picks where object bytes live. With a `url`
 * (HEARTH_STORAGE_URL) an existing S3-compatible bucket, shared by every instance; without one,
 * files under `directory` (the sandbox's `.amplify/hearth/storage/`).
 */
import type { BlobStore } from '../types.js';
import { createDirectoryBlobStore } from './directory-blob-store.js';

export { createDirectoryBlobStore } from './directory-blob-store.js';
export { parseStorageUrl, redactStorageUrl } from './s3-storage-url.js';

/**
 * A bad `url`, or a bucket the server does not have or the keys cannot reach, throws
 * HearthError('ConfigError') saying which, with the secret hidden.
 */
export async function openBlobStore(o: { url?: string; directory: string }): Promise<BlobStore> {
  const url = o.url?.trim();
  if (url) {
    // the AWS SDK's S3 client is loaded only by a backend that keeps its bytes in a bucket
    const { checkS3Bucket, createS3BlobStore } = await import('./s3-blob-store.js');
    await checkS3Bucket(url);
    return createS3BlobStore(url);
  }
  return createDirectoryBlobStore({ directory: o.directory });
}
