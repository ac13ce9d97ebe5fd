/**
 * The additional checksums S3 checks on upload (x-amz-checksum-crc32, -sha1, -sha256, as a header or
 * an aws-chunked trailer): computed while the bytes stream through, compared at the end (BadDigest).
 * CRC32C and CRC64NVME are accepted without a check (node has no native implementation of them).
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import { HearthError } from '../../util/errors.js';

export const CHECKSUM_HEADERS = ['x-amz-checksum-crc32', 'x-amz-checksum-sha1', 'x-amz-checksum-sha256'] as const;

interface Running {
  update(b: Buffer): void;
  base64(): string;
}

function running(header: string): Running | undefined {
  if (header === 'x-amz-checksum-crc32') {
    let v = 0;
    return {
      update: (b) => {
        v = crc32(b, v);
      },
      base64: () => {
        const out = Buffer.alloc(4);
        out.writeUInt32BE(v >>> 0);
        return out.toString('base64');
      },
    };
  }
  const algo = header === 'x-amz-checksum-sha1' ? 'sha1' : header === 'x-amz-checksum-sha256' ? 'sha256' : undefined;
  if (!algo) return undefined;
  const h = createHash(algo);
  return { update: (b) => h.update(b), base64: () => h.digest('base64') };
}

/**
 * Passes bytes through, checking the named checksum against `expected()` at the end (a function,
 * since a trailer is only known once the body has been read).
 */
export class ChecksumCheck extends Transform {
  private readonly sum: Running | undefined;
  constructor(
    private readonly header: string,
    private readonly expected: () => string | undefined,
  ) {
    super();
    this.sum = running(header);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.sum?.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const want = this.expected();
    if (this.sum && want !== undefined && want !== this.sum.base64()) {
      const name = this.header.slice('x-amz-checksum-'.length).toUpperCase();
      done(new HearthError('BadDigest', `The ${name} you specified did not match the calculated checksum.`));
    } else done();
  }
}
