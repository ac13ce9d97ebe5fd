/**
 * CORS for browser apps, answered as S3 does for a bucket whose CORS rule allows every origin: the
 * preflight echoes the asked method and headers (Amplify sends x-amz-*, x-amz-meta-*,
 * x-amz-user-agent, x-amz-checksum-*, Content-Type…), and answers expose what the client reads
 * (multipart upload needs ETag).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const EXPOSED =
  'ETag, Content-Length, Content-Type, Content-Range, Content-Disposition, Content-Encoding, Content-Language, Cache-Control, Expires, Last-Modified, Accept-Ranges, x-amz-request-id, x-amz-id-2, x-amz-version-id, x-amz-delete-marker, x-amz-checksum-crc32, x-amz-mp-parts-count, x-amz-server-side-encryption';

export const corsHeaders: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': EXPOSED,
};

/** the expose list with this answer's own x-amz-meta-* headers added */
export function exposeWith(metaHeaders: string[]): string {
  return metaHeaders.length === 0 ? EXPOSED : `${EXPOSED}, ${metaHeaders.join(', ')}`;
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const asked = req.headers['access-control-request-headers'];
  res.writeHead(200, {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'access-control-allow-methods': 'GET, PUT, POST, DELETE, HEAD',
    ...(asked ? { 'access-control-allow-headers': asked } : {}),
    'access-control-expose-headers': EXPOSED,
    'access-control-max-age': '3000',
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    'content-length': '0',
  });
  res.end();
}
