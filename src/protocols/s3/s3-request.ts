/**
 * A request under `/s3`, read from node's IncomingMessage without touching its body (object bytes
 * are streamed to the blob store, never buffered): path-style `/s3/<bucket>/<key>`, the key
 * URI-decoded once as S3 decodes it (`+` stays a plus in paths).
 */
import type { IncomingMessage } from 'node:http';
import { HearthError } from '../../util/errors.js';

export const S3_PATH = '/s3';

export interface S3Request {
  method: string;
  /** as received, URI-encoded, e.g. `/s3/my-bucket/photos/a%20b.jpg` */
  path: string;
  /** decoded query pairs in the order sent */
  query: [string, string][];
  params: Map<string, string>;
  headers: Record<string, string | undefined>;
  /** '' for `/s3` itself */
  bucket: string;
  /** '' for bucket-level requests */
  key: string;
  /** the raw key as sent (for the virtual-hosted signing form) */
  rawKey: string;
  body: IncomingMessage;
  requestId: string;
}

let counter = 0;
const instance = Math.floor(Math.random() * 0xffffffff)
  .toString(16)
  .toUpperCase()
  .padStart(8, '0');
/** 16 upper-case hex digits, unique per request in this process */
export const nextRequestId = (): string => `${instance}${(counter++ & 0xffffffff).toString(16).toUpperCase().padStart(8, '0')}`;

export function isS3Path(path: string): boolean {
  return path === S3_PATH || path.startsWith(`${S3_PATH}/`);
}

export function readS3Request(req: IncomingMessage, requestId: string): S3Request {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = [...new URLSearchParams(q === -1 ? '' : url.slice(q + 1))];
  const rest = path.slice(S3_PATH.length + 1);
  const slash = rest.indexOf('/');
  const rawBucket = slash === -1 ? rest : rest.slice(0, slash);
  const rawKey = slash === -1 ? '' : rest.slice(slash + 1);
  return {
    method: req.method ?? 'GET',
    path,
    query,
    params: new Map(query),
    headers: req.headers as Record<string, string | undefined>,
    bucket: decode(rawBucket),
    key: decode(rawKey),
    rawKey,
    body: req,
    requestId,
  };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new HearthError('InvalidURI', "Couldn't parse the specified URI.");
  }
}

/** `/<bucket>/<key>` for error Resource elements */
export const resourceOf = (r: Pick<S3Request, 'bucket' | 'key'>): string => (r.key ? `/${r.bucket}/${r.key}` : `/${r.bucket}`);
