/**
 * GetObject: the blob streams to the client (206 with Content-Range for a Range), with the stored
 * headers, `response-*` query overrides (presigned URLs), and If-None-Match / If-Modified-Since
 * answered 304 as S3 does.
 */
import { pipeline } from 'node:stream';
import { parseRange } from '../../storage/index.js';
import { objectHeaders, type S3Operation, sendEmpty } from './respond.js';
import type { S3Request } from './s3-request.js';

const OVERRIDES: [string, string][] = [
  ['response-content-type', 'content-type'],
  ['response-content-disposition', 'content-disposition'],
  ['response-cache-control', 'cache-control'],
  ['response-content-language', 'content-language'],
  ['response-content-encoding', 'content-encoding'],
  ['response-expires', 'expires'],
];

export const getObjectOp: S3Operation = async (d, r, res, caller) => {
  const range = parseRange(r.headers.range);
  const conditional = r.headers['if-none-match'] !== undefined || r.headers['if-modified-since'] !== undefined;
  const head = conditional ? await d.storage.headObject({ caller, bucket: r.bucket, key: r.key }) : undefined;
  if (head && notModified(r, head.etag, head.lastModified)) {
    sendEmpty(res, r, 304, { etag: head.etag, 'last-modified': new Date(head.lastModified).toUTCString() });
    return;
  }
  const got = await d.storage.getObject({ caller, bucket: r.bucket, key: r.key, range });
  const headers = { ...objectHeaders(r, got.object), ...overrides(r) };
  const size = got.object.size;
  if (got.range) {
    headers['content-range'] = `bytes ${got.range.start}-${got.range.end}/${size}`;
    headers['content-length'] = String(got.range.end - got.range.start + 1);
  } else headers['content-length'] = String(size);
  res.writeHead(got.range ? 206 : 200, headers);
  pipeline(got.body, res, () => {});
};

function overrides(r: S3Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [param, header] of OVERRIDES) {
    const v = r.params.get(param);
    if (v !== undefined) out[header] = v;
  }
  return out;
}

/** RFC 9110 §13.1.2 and §13.1.3 */
export function notModified(r: S3Request, etag: string, lastModified: number): boolean {
  const inm = r.headers['if-none-match'];
  if (inm !== undefined) return inm.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag);
  const ims = r.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(lastModified / 1000) * 1000 <= since;
}
