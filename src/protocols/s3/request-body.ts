/**
 * Request bodies: an object's bytes as a stream (aws-chunked decoded, checksums checked on the way
 * to the blob store), or a small XML document read whole with its digests checked.
 */
import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import type { BodyDigests } from '../../storage/index.js';
import { HearthError } from '../../util/errors.js';
import { AwsChunkedDecoder } from './aws-chunked.js';
import { CHECKSUM_HEADERS, ChecksumCheck } from './checksums.js';
import type { S3Request } from './s3-request.js';

export interface ObjectBody {
  body: Readable;
  /** the object's size as the client declared it */
  size: number;
  digests: BodyDigests;
}

const HEX64 = /^[0-9a-f]{64}$/i;

export function objectBody(r: S3Request): ObjectBody {
  const h = r.headers;
  const payload = h['x-amz-content-sha256'] ?? '';
  if (payload.startsWith('STREAMING-AWS4-HMAC-SHA256') || payload.startsWith('STREAMING-AWS4-ECDSA'))
    throw new HearthError(
      'NotImplemented',
      `Signed aws-chunked payloads (${payload}) are not implemented; send STREAMING-UNSIGNED-PAYLOAD-TRAILER or UNSIGNED-PAYLOAD.`,
    );
  const chunked = payload.startsWith('STREAMING-') || /(^|,)\s*aws-chunked\s*(,|$)/.test(h['content-encoding'] ?? '');
  // an aws-chunked body may travel with Transfer-Encoding: chunked; its decoded length is what counts
  if (!chunked && h['content-length'] === undefined)
    throw new HearthError('MissingContentLength', 'You must provide the Content-Length HTTP header.');
  const declared = Number(chunked ? h['x-amz-decoded-content-length'] : h['content-length']);
  if (!Number.isInteger(declared) || declared < 0)
    throw new HearthError(
      'MissingContentLength',
      'You must provide the Content-Length HTTP header (x-amz-decoded-content-length for aws-chunked bodies).',
    );
  const stages: NodeJS.ReadWriteStream[] = [];
  const decoder = chunked ? new AwsChunkedDecoder() : undefined;
  if (decoder) stages.push(decoder, new LengthCheck(declared));
  for (const name of CHECKSUM_HEADERS) if (h[name] !== undefined) stages.push(new ChecksumCheck(name, () => h[name]));
  const trailer = h['x-amz-trailer']?.trim().toLowerCase();
  if (decoder && trailer?.startsWith('x-amz-checksum-')) stages.push(new ChecksumCheck(trailer, () => decoder.trailers.get(trailer)));
  const body = stages.length === 0 ? r.body : (pipeline([r.body, ...stages], () => {}) as unknown as Readable);
  return { body, size: declared, digests: { contentMd5: h['content-md5'], sha256: HEX64.test(payload) ? payload : undefined } };
}

/** the decoded body must have the length the client declared */
class LengthCheck extends Transform {
  private seen = 0;
  constructor(private readonly declared: number) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    done(
      this.seen === this.declared
        ? null
        : new HearthError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.'),
    );
  }
}

/** an XML request body, whole (≤ `limit` bytes), its Content-MD5 and x-amz-content-sha256 checked */
export async function smallBody(r: S3Request, limit = 2 * 1024 * 1024): Promise<string> {
  const { body, digests } = objectBody(r);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HearthError('MalformedXML', 'The XML you provided was too large.');
    chunks.push(chunk);
  }
  const buf = Buffer.concat(chunks);
  if (digests.contentMd5 !== undefined && createHash('md5').update(buf).digest('base64') !== digests.contentMd5)
    throw new HearthError('BadDigest', 'The Content-MD5 you specified did not match what we received.');
  if (digests.sha256 !== undefined && createHash('sha256').update(buf).digest('hex') !== digests.sha256.toLowerCase())
    throw new HearthError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  return buf.toString('utf8');
}
