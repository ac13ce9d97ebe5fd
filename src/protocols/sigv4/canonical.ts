/**
 * The SigV4 string to sign, computed with node:crypto from the request as received
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). The path is used
 * as sent, already URI-encoded once, which is how S3 signs (no second encoding, no normalisation).
 * Signing keys are cached per secret, day, region and service: they change once a day.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SignableRequest {
  method: string;
  /** the path as sent (URI-encoded) */
  path: string;
  /** query parameters, decoded, in the order sent; the signature parameter left out */
  query: [string, string][];
  /** lower-case header name → value, for the signed headers */
  headers: Record<string, string | undefined>;
  signedHeaders: string[];
  payloadHash: string;
}

export interface Scope {
  date: string; // YYYYMMDD
  region: string;
  service: string;
}

/** RFC 3986 unreserved characters stay, everything else is %XX (upper-case), as SigV4 requires. */
export const uriEncode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function canonicalRequest(r: SignableRequest): string {
  const query = r.query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  let headers = '';
  for (const h of r.signedHeaders) headers += `${h}:${(r.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`;
  return `${r.method}\n${r.path}\n${query}\n${headers}\n${r.signedHeaders.join(';')}\n${r.payloadHash}`;
}

export function stringToSign(amzDate: string, scope: Scope, canonical: string): string {
  const hash = createHash('sha256').update(canonical).digest('hex');
  return `AWS4-HMAC-SHA256\n${amzDate}\n${scope.date}/${scope.region}/${scope.service}/aws4_request\n${hash}`;
}

const keyCache = new Map<string, Buffer>();

export function signingKey(secret: string, scope: Scope): Buffer {
  const id = `${scope.date}/${scope.region}/${scope.service}/${secret}`;
  const cached = keyCache.get(id);
  if (cached) return cached;
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, scope.date), scope.region), scope.service), 'aws4_request');
  if (keyCache.size >= 10_000) keyCache.clear();
  keyCache.set(id, key);
  return key;
}

export function signature(secret: string, scope: Scope, toSign: string): string {
  return createHmac('sha256', signingKey(secret, scope)).update(toSign).digest('hex');
}

/** query string → decoded pairs (`+` is a space, as URLSearchParams and the Amplify signer read it) */
export function queryPairs(raw: string): [string, string][] {
  return [...new URLSearchParams(raw)];
}
