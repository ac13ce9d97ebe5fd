/** What a PUT, a copy with REPLACE or CreateMultipartUpload stores with the object, from its headers. */
import type { ObjectAttributes } from '../../storage/index.js';

/** the headers S3 keeps and sends back on GET and HEAD */
const STORED = ['content-disposition', 'content-encoding', 'cache-control', 'content-language', 'expires'] as const;

export function objectAttributes(headers: Record<string, string | undefined>): ObjectAttributes {
  const metadata: Record<string, string> = {};
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
  }
  for (const name of STORED) {
    const v = headers[name];
    // aws-chunked is how the body travelled, not how the object is encoded
    const value =
      name === 'content-encoding'
        ? v
            ?.split(',')
            .map((s) => s.trim())
            .filter((s) => s && s !== 'aws-chunked')
            .join(', ')
        : v;
    if (value) kept[name] = value;
  }
  return { contentType: headers['content-type'], metadata, headers: kept };
}
