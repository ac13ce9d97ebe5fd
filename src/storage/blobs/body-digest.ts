import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { HearthError } from '../../util/errors.js';

export interface BodyDigest {
  size: number;
  /** hex */
  md5: string;
  /** hex */
  sha256: string;
}

/** A new blob id: 128 random bits in hex, so ids from several instances never meet. */
export const newBlobId = (): string => randomBytes(16).toString('hex');

export const isBlobId = (id: string): boolean => /^[0-9a-f]{32}$/.test(id);

/**
 * Reads `body` to its end, handing each chunk to `sink` and hashing it as it passes. Past `maxBytes`
 * it throws EntityTooLarge without reading further. The body is not destroyed on the way out: the
 * protocol still owns the request and decides how to answer and whether to drain or close it.
 */
export async function consumeBody(body: Readable, maxBytes: number, sink: (chunk: Buffer) => Promise<void>): Promise<BodyDigest> {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let size = 0;
  for await (const raw of body.iterator({ destroyOnReturn: false })) {
    const chunk: Buffer = typeof raw === 'string' ? Buffer.from(raw) : raw;
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    md5.update(chunk);
    sha256.update(chunk);
    await sink(chunk);
  }
  return { size, md5: md5.digest('hex'), sha256: sha256.digest('hex') };
}

export function tooLarge(maxBytes: number): HearthError {
  return new HearthError('EntityTooLarge', `Your proposed upload exceeds the maximum allowed size of ${maxBytes} bytes.`);
}

export function missingBlob(blobId: string, cause?: unknown): HearthError {
  return new HearthError('NoSuchKey', 'The specified key does not exist.', cause ?? new Error(`blob ${blobId} is missing`));
}
