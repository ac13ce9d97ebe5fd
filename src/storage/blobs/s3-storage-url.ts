/**
 * `HEARTH_STORAGE_URL`: where `hearth start` keeps object bytes when several instances share them.
 *
 *   http(s)://ACCESS_KEY:SECRET_KEY@HOST[:PORT]/BUCKET[/PREFIX][?region=REGION&pathStyle=false]
 *       an S3-compatible server (MinIO, Garage, SeaweedFS, Ceph RGW, Cloudflare R2, …). Requests are
 *       path-style (`HOST/BUCKET/KEY`) unless `pathStyle=false`.
 *   s3://[ACCESS_KEY:SECRET_KEY@]BUCKET[/PREFIX][?region=REGION]
 *       Amazon S3 itself, at the region's endpoint.
 *
 * Keys and secrets are percent-encoded (`/` → `%2F`, `+` → `%2B`). Without them, the AWS SDK's usual
 * chain answers (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance role). `region`
 * defaults to AWS_REGION, else us-east-1. Blobs are stored as `PREFIX/<blob id>`; the bucket must exist.
 */
import { HearthError } from '../../util/errors.js';

export interface S3StorageTarget {
  /** undefined: Amazon S3's own endpoint for the region */
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  bucket: string;
  /** '' or ending in '/' */
  prefix: string;
}

const PARAMS = new Set(['region', 'pathStyle']);

export function parseStorageUrl(text: string): S3StorageTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badUrl(text, 'it is not a URL');
  }
  const aws = url.protocol === 's3:';
  if (!aws && url.protocol !== 'http:' && url.protocol !== 'https:')
    throw badUrl(text, `unknown scheme ${url.protocol} (use http:, https: or s3:)`);
  for (const name of url.searchParams.keys())
    if (!PARAMS.has(name)) throw badUrl(text, `unknown parameter "${name}" (known: region, pathStyle)`);
  const pathStyle = url.searchParams.get('pathStyle');
  if (pathStyle !== null && pathStyle !== 'true' && pathStyle !== 'false') throw badUrl(text, 'pathStyle is true or false');
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const bucket = aws ? url.hostname : decodeURIComponent(segments.shift() ?? '');
  if (!bucket) throw badUrl(text, aws ? 'no bucket (s3://BUCKET/…)' : 'no bucket in the path (…/BUCKET)');
  const prefix = segments.map(decodeURIComponent).join('/');
  if ((url.username === '') !== (url.password === '')) throw badUrl(text, 'give both ACCESS_KEY:SECRET_KEY or neither');
  return {
    ...(aws ? {} : { endpoint: `${url.protocol}//${url.host}` }),
    region: url.searchParams.get('region') || process.env.AWS_REGION || 'us-east-1',
    forcePathStyle: aws ? false : pathStyle !== 'false',
    ...(url.username
      ? { credentials: { accessKeyId: decodeURIComponent(url.username), secretAccessKey: decodeURIComponent(url.password) } }
      : {}),
    bucket,
    prefix: prefix ? `${prefix}/` : '',
  };
}

/** the URL as it can be shown: never the secret */
export function redactStorageUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable)';
  }
}

function badUrl(text: string, why: string): HearthError {
  return new HearthError(
    'ConfigError',
    `HEARTH_STORAGE_URL ${redactStorageUrl(text)} is not usable: ${why}. ` +
      'Expected http(s)://ACCESS_KEY:SECRET_KEY@HOST:PORT/BUCKET[/PREFIX][?region=…] or s3://BUCKET[/PREFIX][?region=…].',
  );
}
