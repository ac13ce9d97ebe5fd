/**
 * ListObjectsV2 continuation tokens: opaque to clients, tamper-evident (an HMAC over the position and
 * the query it belongs to), so a token edited or reused for another bucket or prefix is refused with
 * S3's InvalidArgument rather than listing from a forged position.
 */
import { createHmac } from 'node:crypto';
import { HearthError } from '../util/errors.js';
import { secureEqual } from '../util/secure-compare.js';

export interface ListPosition {
  bucket: string;
  prefix: string;
  delimiter: string;
  /** list keys strictly after this one */
  after: string;
}

export function createContinuationTokens(key: Buffer) {
  const mac = (payload: string) => createHmac('sha256', key).update(`list:${payload}`).digest('base64url').slice(0, 22);
  return {
    seal(p: ListPosition): string {
      const payload = Buffer.from(JSON.stringify([p.bucket, p.prefix, p.delimiter, p.after])).toString('base64url');
      return `${payload}.${mac(payload)}`;
    },
    /** the position to go on from; throws InvalidArgument for a token not issued for this query */
    open(token: string, q: Omit<ListPosition, 'after'>): string {
      const dot = token.lastIndexOf('.');
      const payload = token.slice(0, dot);
      if (dot > 0 && secureEqual(mac(payload), token.slice(dot + 1))) {
        const v = parse(payload);
        if (v && v[0] === q.bucket && v[1] === q.prefix && v[2] === q.delimiter && typeof v[3] === 'string') return v[3];
      }
      throw new HearthError('InvalidArgument', 'The continuation token provided is incorrect');
    },
  };
}

function parse(payload: string): unknown[] | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
