/**
 * Decodes `Content-Encoding: aws-chunked` bodies
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html): `<hex size>[;chunk-signature=…]\r\n
 * <bytes>\r\n` … `0\r\n<trailer lines>\r\n\r\n`. The AWS SDK sends them with
 * STREAMING-UNSIGNED-PAYLOAD-TRAILER and an x-amz-checksum-* trailer. Data passes through without
 * copying; only the framing lines are buffered (bounded).
 */
import { Transform, type TransformCallback } from 'node:stream';
import { HearthError } from '../../util/errors.js';

const MAX_LINE = 8 * 1024;

const bad = (why: string) => new HearthError('IncompleteBody', `The aws-chunked body is malformed: ${why}.`);

export class AwsChunkedDecoder extends Transform {
  /** trailer name (lower-case) → value, filled when the body has ended */
  readonly trailers = new Map<string, string>();
  private state: 'size' | 'data' | 'crlf' | 'trailer' | 'done' = 'size';
  private line = '';
  private left = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      let i = 0;
      while (i < chunk.length) i = this.step(chunk, i);
      done();
    } catch (e) {
      done(e as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    done(this.state === 'done' || (this.state === 'trailer' && this.line === '') ? null : bad('it ended early'));
  }

  /** consumes from `i`, returns where it stopped */
  private step(chunk: Buffer, i: number): number {
    if (this.state === 'data') {
      const n = Math.min(this.left, chunk.length - i);
      this.push(chunk.subarray(i, i + n));
      this.left -= n;
      if (this.left === 0) this.state = 'crlf';
      return i + n;
    }
    if (this.state === 'done') throw bad('bytes after the last chunk');
    const nl = chunk.indexOf(10, i);
    this.line += chunk.toString('latin1', i, nl === -1 ? chunk.length : nl + 1);
    if (this.line.length > MAX_LINE) throw bad('a framing line is too long');
    if (nl === -1) return chunk.length;
    const line = this.line.replace(/\r?\n$/, '');
    this.line = '';
    this.onLine(line);
    return nl + 1;
  }

  private onLine(line: string): void {
    if (this.state === 'crlf') {
      if (line !== '') throw bad('a chunk is longer than its size');
      this.state = 'size';
    } else if (this.state === 'size') {
      const size = Number.parseInt(line.split(';')[0] ?? '', 16);
      if (!Number.isFinite(size) || size < 0) throw bad('a chunk size is not hexadecimal');
      if (size === 0) this.state = 'trailer';
      else {
        this.left = size;
        this.state = 'data';
      }
    } else if (this.state === 'trailer') {
      if (line === '') this.state = 'done';
      else {
        const colon = line.indexOf(':');
        if (colon > 0) this.trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
    }
  }
}
