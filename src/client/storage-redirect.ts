/**
 * Where `aws-amplify/storage` requests for Hearth's buckets really go.
 *
 * amplify-js 6.17 always addresses Amazon S3 (`https://<bucket>.s3.<region>.amazonaws.com/<key>`,
 * or path-style `https://s3.<region>.amazonaws.com/<bucket>/<key>` for a bucket name with dots),
 * and its one escape hatch for a local http endpoint, `dangerouslyConnectToHttpEndpointForTesting`,
 * fails its own validation (`InvalidCustomEndpoint`, the assert after the LOCAL_TESTING branch in
 * `providers/s3/utils/client/s3data/base.mjs` has no `else`). So the client keeps signing for S3,
 * and the transports (fetch, XMLHttpRequest, DOM `src`/`href`) send the request to Hearth's
 * path-style endpoint instead: `<storageEndpoint>/<bucket>/<key>?<query>`. The server checks the
 * signature against the S3 host the client signed for when it does not match as received.
 *
 * Only the bucket names Hearth's outputs list are redirected; a request for any other bucket,
 * or any other URL, passes untouched.
 */

/** A bucket the app's outputs name (Amplify's parsed `Storage.S3.buckets` entries have this shape). */
export interface HearthBucket {
  bucketName: string;
  region: string;
}

/** `<bucket>.s3.<region>.<dns suffix>` and `s3.<region>.<dns suffix>` → `{ bucket → endpoint }` */
const virtualHosts = new Map<string, string>();
const pathStyleHosts = new Map<string, Map<string, string>>();

/** The S3 DNS suffix Amplify uses for a region (`amazonaws.com.cn` in the China regions). */
function dnsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/**
 * Registers Hearth's buckets; requests for them are sent to `endpoint` (e.g.
 * `http://127.0.0.1:4000/s3`) from now on. Registering again replaces the endpoint of a bucket.
 */
export function registerHearthBuckets(endpoint: string, buckets: HearthBucket[]): void {
  const base = endpoint.replace(/\/+$/, '');
  for (const { bucketName, region } of buckets) {
    const regional = `s3.${region}.${dnsSuffix(region)}`;
    virtualHosts.set(`${bucketName}.${regional}`, `${base}/${bucketName}`);
    const byBucket = pathStyleHosts.get(regional) ?? new Map<string, string>();
    byBucket.set(bucketName, `${base}/${bucketName}`);
    pathStyleHosts.set(regional, byBucket);
  }
}

/**
 * The Hearth URL for an S3 URL of a registered bucket, or `undefined` for any other URL.
 * The path and query are kept byte for byte (Amplify has already percent-encoded the key, and
 * a presigned URL's signature covers them).
 *
 * @example
 * ```ts
 * registerHearthBuckets('http://127.0.0.1:4000/s3', [{ bucketName: 'app-files', region: 'us-east-1' }]);
 * hearthStorageUrl('https://app-files.s3.us-east-1.amazonaws.com/public/a.png?x-id=GetObject');
 * // → 'http://127.0.0.1:4000/s3/app-files/public/a.png?x-id=GetObject'
 * ```
 */
export function hearthStorageUrl(url: string): string | undefined {
  if (!url.startsWith('https://')) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  // u.pathname and u.search are the serialised (already encoded) forms, unchanged by parsing
  const target = virtualHosts.get(u.host);
  if (target) return `${target}${u.pathname}${u.search}`;
  const byBucket = pathStyleHosts.get(u.host);
  if (!byBucket) return undefined;
  const [, bucket = '', ...rest] = u.pathname.split('/');
  const pathTarget = byBucket.get(bucket);
  if (!pathTarget) return undefined;
  return `${pathTarget}/${rest.join('/')}${u.search}`;
}

/** `hearthStorageUrl` for any URL-ish value; everything that is not a Hearth bucket URL is returned as is. */
export function redirectedUrl<T>(url: T): T | string {
  if (typeof url === 'string') return hearthStorageUrl(url) ?? url;
  if (url instanceof URL) return hearthStorageUrl(url.href) ?? url;
  return url;
}
