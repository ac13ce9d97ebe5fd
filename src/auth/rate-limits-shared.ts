/**
 * Rate-limit counters shared by every instance on one PostgreSQL database, so three instances allow
 * Cognito's quota once, not three times. A request is decided in memory (no database round trip on
 * the sign-in path): each key counts in fixed windows as long as the limit's period (1 s, 1 h), and
 * every `syncMs` (250 ms) one upsert sends this instance's new increments and reads back the totals
 * of every key it used in the last minute. The quota can be passed only by what instances allow in
 * one sync period before they learn of each other's counts; fixed windows also let a burst straddle
 * a window's end (at most twice the quota across two adjacent windows), where the in-memory token
 * buckets (one instance, SQLite) refill smoothly.
 */
import type { RateCounterStore } from '../db/ports.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { BucketRate, TokenBuckets } from './token-buckets.js';

/**
 * One sync costs ~0.6 ms of CPU (one upsert, measured on the 2-core CI VM): every 250 ms that is
 * ~0.03 ms per sign-in at bench row 3b's c=1 rate (~94/s on PostgreSQL), and nothing when idle.
 */
export const SHARED_SYNC_MS = 250;
/** keys used within this long are refreshed at every sync */
const ACTIVE_MS = 60_000;
const PRUNE_EVERY_MS = 60_000;

interface Entry {
  windowStart: number;
  windowMs: number;
  /** the total across instances at the last sync, this instance's synced increments included */
  shared: number;
  /** taken here since the last sync was sent */
  pending: number;
  /** taken here and sent in the sync in flight */
  sending: number;
  usedAt: number;
}

export interface SharedRateCounters {
  /** buckets for one limit (`name` keeps limits apart in the shared table) */
  buckets(name: string, rate: BucketRate): TokenBuckets;
  /** sends increments and reads totals now (the timer calls it every `syncMs`) */
  sync(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export function createSharedRateCounters(o: {
  store: RateCounterStore;
  clock: Clock;
  logger: Logger;
  syncMs?: number;
}): SharedRateCounters {
  const entries = new Map<string, Entry>();
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let prunedAt = 0;
  let failing = false;

  const take = (key: string, capacity: number, windowMs: number): boolean => {
    const now = o.clock.now();
    const windowStart = now - (now % windowMs);
    let e = entries.get(key);
    if (!e || e.windowStart !== windowStart) {
      e = { windowStart, windowMs, shared: 0, pending: 0, sending: 0, usedAt: now };
      entries.set(key, e);
    }
    e.usedAt = now;
    if (e.shared + e.pending + e.sending >= capacity) return false;
    e.pending++;
    return true;
  };

  async function send(): Promise<void> {
    const now = o.clock.now();
    const batch: [string, Entry][] = [];
    for (const [key, e] of entries) {
      if (e.windowStart + e.windowMs <= now || (e.pending === 0 && now - e.usedAt > ACTIVE_MS)) entries.delete(key);
      else batch.push([key, e]);
    }
    for (const [, e] of batch) [e.sending, e.pending] = [e.pending, 0];
    try {
      const counts = batch.map(([key, e]) => ({ key, windowStart: e.windowStart, add: e.sending, expiresAt: e.windowStart + e.windowMs }));
      const totals = await o.store.add(counts);
      const byKey = new Map(totals.map((t) => [`${t.key}\n${t.windowStart}`, t.total]));
      for (const [key, e] of batch) e.shared = byKey.get(`${key}\n${e.windowStart}`) ?? e.shared + e.sending;
      failing = false;
    } catch (err) {
      // counted locally meanwhile; the next sync sends them again
      if (!failing) o.logger.warn(`shared rate limits: sync failed (${(err as Error).message}); counting per instance until it works`);
      failing = true;
      for (const [, e] of batch) e.pending += e.sending;
    } finally {
      for (const [, e] of batch) e.sending = 0;
    }
    if (now - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now;
      await o.store.prune(now).catch(() => {});
    }
  }

  const sync = (): Promise<void> => {
    inFlight ??= send().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return {
    buckets(name, rate) {
      const windowMs = Math.round(rate.capacity / rate.perMs);
      return {
        take: (key) => take(`${name}:${key}`, rate.capacity, windowMs),
        get size() {
          return entries.size;
        },
      };
    },
    sync,
    start() {
      timer ??= setInterval(() => void sync(), o.syncMs ?? SHARED_SYNC_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
