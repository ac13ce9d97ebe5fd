/**
 * S3's ETags: a single PUT's is the quoted MD5 hex of the bytes; a completed multipart upload's is the
 * MD5 of the concatenated binary MD5s of its parts, a dash and the part count
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html, ETag).
 */
import { createHash } from 'node:crypto';

export const quoteEtag = (md5Hex: string): string => `"${md5Hex}"`;

/** `"abc"`, `abc` and `W/"abc"` name the same ETag (clients echo them back in each form). */
export const normalizeEtag = (etag: string): string =>
  etag
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');

export function multipartEtag(partEtags: string[]): string {
  const h = createHash('md5');
  for (const e of partEtags) h.update(Buffer.from(normalizeEtag(e), 'hex'));
  return `"${h.digest('hex')}-${partEtags.length}"`;
}
