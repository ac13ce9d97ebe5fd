/**
 * Points `aws-amplify/storage` at Hearth for the buckets in the app's outputs, through every
 * transport the client and the page use: fetch (Node), XMLHttpRequest (browsers, progress
 * events) and the `src`/`href` of media and link elements (presigned `getUrl` URLs).
 */
import { redirectStorageDom } from './storage-dom.js';
import { redirectStorageFetch } from './storage-fetch.js';
import { type HearthBucket, registerHearthBuckets } from './storage-redirect.js';
import { redirectStorageXhr } from './storage-xhr.js';

/** The part of Amplify's parsed `Storage.S3` config that names buckets. */
export interface S3BucketsConfig {
  bucket?: string;
  region?: string;
  buckets?: Record<string, { bucketName: string; region: string }>;
}

/**
 * Sends S3 requests for the configured buckets to `endpoint` (`<base>/s3`, path-style); any other
 * bucket or URL is left alone. Calling it again adds buckets or moves them to a new endpoint.
 *
 * @example
 * ```ts
 * Amplify.configure(outputs);
 * redirectStorage('http://127.0.0.1:4000/s3', Amplify.getConfig().Storage!.S3);
 * await uploadData({ path: 'public/a.txt', data: 'hi' }).result; // served by Hearth
 * ```
 */
export function redirectStorage(endpoint: string, s3: S3BucketsConfig): void {
  const buckets: HearthBucket[] = Object.values(s3.buckets ?? {});
  if (s3.bucket && s3.region) buckets.push({ bucketName: s3.bucket, region: s3.region });
  if (buckets.length === 0) return;
  registerHearthBuckets(endpoint, buckets);
  redirectStorageFetch();
  redirectStorageXhr();
  redirectStorageDom();
}
