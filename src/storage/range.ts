/**
 * HTTP byte ranges as S3 reads them (RFC 9110 §14.1.2): one range, `a-b`, `a-` or `-n`. A header S3
 * cannot parse is ignored (the whole object is sent); a range starting past the end is InvalidRange.
 */
import { HearthError } from '../util/errors.js';

/** as parsed: `a-b`, `a-` (end undefined) or the last `suffix` bytes */
export type RangeRequest = { start: number; end?: number } | { suffix: number };

/** inclusive bounds within the object */
export interface ByteRange {
  start: number;
  end: number;
}

export function parseRange(header: string | undefined): RangeRequest | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') return { suffix: Number(m[2]) };
  const start = Number(m[1]);
  if (m[2] === '') return { start };
  const end = Number(m[2]);
  return end < start ? undefined : { start, end };
}

export function resolveRange(r: RangeRequest, size: number): ByteRange {
  if ('suffix' in r) {
    if (r.suffix === 0 || size === 0) throw invalidRange();
    return { start: Math.max(0, size - r.suffix), end: size - 1 };
  }
  if (r.start >= size) throw invalidRange();
  return { start: r.start, end: Math.min(r.end ?? size - 1, size - 1) };
}

const invalidRange = () => new HearthError('InvalidRange', 'The requested range is not satisfiable');
