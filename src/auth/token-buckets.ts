/**
 * In-memory token buckets keyed by string (an IP address, a username). Each bucket holds at most
 * `capacity` tokens and regains `perMs` tokens per millisecond; a request takes one. Memory is
 * bounded: past `maxKeys`, buckets that have refilled completely are forgotten (they carry no
 * information), then the oldest ones.
 */
import type { Clock } from '../util/clock.js';

export interface BucketRate {
  capacity: number;
  /** tokens regained per millisecond */
  perMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export interface TokenBuckets {
  /** takes a token for `key`; false when its bucket is empty (nothing is taken then) */
  take(key: string): boolean;
  readonly size: number;
}

/** Example: `createTokenBuckets({ capacity: 50, perMs: 50 / 1000 }, clock)` is 50 per second. */
export function createTokenBuckets(rate: BucketRate, clock: Clock, maxKeys = 100_000): TokenBuckets {
  const buckets = new Map<string, Bucket>();
  const level = (b: Bucket, now: number) => Math.min(rate.capacity, b.tokens + (now - b.at) * rate.perMs);
  const evict = (now: number) => {
    for (const [key, b] of buckets) if (level(b, now) >= rate.capacity) buckets.delete(key);
    const excess = buckets.size - Math.floor(maxKeys * 0.9);
    if (excess <= 0) return;
    let n = 0;
    for (const key of buckets.keys()) {
      if (n++ >= excess) break;
      buckets.delete(key);
    }
  };
  return {
    take(key) {
      const now = clock.now();
      const b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) evict(now);
        buckets.set(key, { tokens: rate.capacity - 1, at: now });
        return rate.capacity >= 1;
      }
      const tokens = level(b, now);
      b.at = now;
      if (tokens < 1) {
        b.tokens = tokens;
        return false;
      }
      b.tokens = tokens - 1;
      return true;
    },
    get size() {
      return buckets.size;
    },
  };
}
