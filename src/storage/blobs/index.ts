/**
 * The blob port's face: `openBlobStore` picks where object bytes live. With a `url`
 * (HEARTH_STORAGE_URL) an existing S3-compatible bucket, shared by every instance; without one,
 * files under `directory` (the sandbox's `.amplify/hearth/storage/`).
 */
import type { BlobStore } from '../types.js';
import { createDirectoryBlobStore } from './directory-blob-store.js';
import { createS3BlobStore } from './s3-blob-store.js';

export { createDirectoryBlobStore } from './directory-blob-store.js';
export { createS3BlobStore } from './s3-blob-store.js';
export { parseStorageUrl, redactStorageUrl } from './s3-storage-url.js';

/** a bad `url` throws HearthError('ConfigError') naming the expected form, with the secret hidden */
export async function openBlobStore(o: { url?: string; directory: string }): Promise<BlobStore> {
  if (o.url !== undefined && o.url.trim() !== '') return createS3BlobStore(o.url.trim());
  return createDirectoryBlobStore({ directory: o.directory });
}
