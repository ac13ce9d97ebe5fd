/** Writing S3's answers: XML documents, empty answers, and an object's headers. */
import type { ServerResponse } from 'node:http';
import type { ObjectRecord } from '../../db/ports.js';
import type { StorageCaller, StorageService } from '../../storage/index.js';
import { corsHeaders, exposeWith } from './cors.js';
import type { S3Request } from './s3-request.js';
import { XML_DECL } from './xml.js';

export interface S3Deps {
  storage: StorageService;
  region: string;
}

/** one S3 operation: reads the request, calls the service, writes the answer */
export type S3Operation = (d: S3Deps, r: S3Request, res: ServerResponse, caller: StorageCaller) => Promise<void>;

const base = (r: S3Request) => ({ ...corsHeaders, 'x-amz-request-id': r.requestId, 'x-amz-id-2': r.requestId });

export function sendXml(res: ServerResponse, r: S3Request, xml: string, status = 200): void {
  const body = XML_DECL + xml;
  res.writeHead(status, { ...base(r), 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, r: S3Request, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...base(r), ...headers, 'content-length': '0' });
  res.end();
}

/** ETag, Last-Modified, Content-Type, x-amz-meta-*, and the headers stored with the object */
export function objectHeaders(r: S3Request, o: ObjectRecord): Record<string, string> {
  const meta = Object.keys(o.metadata).map((k) => `x-amz-meta-${k}`);
  const out: Record<string, string> = {
    ...base(r),
    'access-control-expose-headers': exposeWith(meta),
    etag: o.etag,
    'last-modified': new Date(o.lastModified).toUTCString(),
    'content-type': o.contentType,
    'accept-ranges': 'bytes',
    ...o.headers,
  };
  for (const [k, v] of Object.entries(o.metadata)) out[`x-amz-meta-${k}`] = v;
  return out;
}

/** S3's ISO time with milliseconds, as in list results */
export const isoTime = (ms: number): string => new Date(ms).toISOString();
