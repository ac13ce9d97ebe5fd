/**
 * Shared rate-limit counters: two limiters standing for two instances on one database (two
 * connection pools on PostgreSQL when HEARTH_TEST_DATABASE_URL is set; one SQLite file otherwise)
 * enforce one quota between them once they have synced, and a new window starts afresh.
 */
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES } from '../../test/support/pg-schema.js';
import { createRateCounterTables, createSqlRateCounterStore } from '../db/sql/rate-counter-store.js';
import { silentLogger } from '../util/logger.js';
import { COGNITO_DEFAULT_LIMITS, createRateLimiter, type RateLimiter } from './rate-limits.js';
import { createSharedRateCounters, type SharedRateCounters } from './rate-limits-shared.js';

const config = {
  ...COGNITO_DEFAULT_LIMITS,
  perIp: { userCreation: 5, userAuthentication: 5, userAccountRecovery: 100 },
  codesPerUserPerHour: 3,
};

for (const { name, skip, dialect, open } of STORE_ENGINES)
  describe.skipIf(Boolean(skip))(`rate limits shared by two instances on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const clock = { t: 1_700_000_000_000, now: () => clock.t };
    let pools: Kysely<any>[] = [];
    let drop: () => Promise<void>;
    let counters: SharedRateCounters[];
    let limiters: RateLimiter[];
    const allowed = (l: RateLimiter, op: string, who: { ip?: string; username?: string }) => {
      try {
        l.check(op, { ip: who.ip, username: who.username });
        return true;
      } catch (e) {
        return (e as { code: string }).code;
      }
    };

    beforeEach(async () => {
      const opened = await open();
      drop = opened.drop;
      await createRateCounterTables(opened.db, dialect);
      pools = [opened.db, opened.second ? await opened.second() : opened.db];
      counters = pools.map((db) =>
        createSharedRateCounters({ store: createSqlRateCounterStore(db, dialect), clock, logger: silentLogger }),
      );
      limiters = counters.map((c) => createRateLimiter(config, clock, c.buckets));
    });
    afterEach(async () => {
      for (const db of new Set(pools)) await db.destroy();
      await drop();
    });
    // what two rounds of the instances' timers do: each sends its increments, then each reads the others'
    const syncAll = async () => {
      for (let round = 0; round < 2; round++) for (const c of counters) await c.sync();
    };

    it('codes per user per hour: three across both instances, not three each', async () => {
      const [a, b] = limiters as [RateLimiter, RateLimiter];
      const who = { username: 'Ada@example.com' };
      expect(allowed(a, 'ResendConfirmationCode', who)).toBe(true);
      await syncAll();
      expect(allowed(b, 'ResendConfirmationCode', who)).toBe(true);
      await syncAll();
      clock.t += 1_000; // past the per-user per-second limit
      expect(allowed(a, 'ResendConfirmationCode', who)).toBe(true);
      await syncAll();
      expect(allowed(b, 'ResendConfirmationCode', who)).toBe('LimitExceeded');
      expect(allowed(a, 'ResendConfirmationCode', { username: 'ada@EXAMPLE.com' })).toBe('LimitExceeded');
      expect(allowed(a, 'ResendConfirmationCode', { username: 'bob@example.com' })).toBe(true);
      clock.t += 3_600_000; // the next hour's window
      await syncAll();
      expect(allowed(b, 'ResendConfirmationCode', who)).toBe(true);
    });

    it('per IP per second: the instances share five sign-ins a second from one address', async () => {
      const [a, b] = limiters as [RateLimiter, RateLimiter];
      clock.t = 1_700_000_010_000; // the start of a second
      const ip = { ip: '203.0.113.7' };
      const results: (true | string)[] = [];
      for (let i = 0; i < 8; i++) {
        results.push(allowed(i % 2 === 0 ? a : b, 'InitiateAuth', ip));
        await syncAll();
      }
      expect(results.filter((r) => r === true)).toHaveLength(5);
      expect(results.slice(5)).toEqual(['TooManyRequests', 'TooManyRequests', 'TooManyRequests']);
      clock.t += 1_000;
      expect(allowed(b, 'InitiateAuth', ip)).toBe(true);
    });

    it('a sync that fails keeps counting locally and sends the increments later', async () => {
      const [a] = limiters as [RateLimiter];
      const broken = createSharedRateCounters({
        store: { add: () => Promise.reject(new Error('connection refused')), prune: async () => {} },
        clock,
        logger: silentLogger,
      });
      const lonely = createRateLimiter(config, clock, broken.buckets);
      const who = { username: 'cy@example.com' };
      expect(allowed(lonely, 'ForgotPassword', who)).toBe(true);
      await broken.sync();
      clock.t += 1_000;
      expect(allowed(lonely, 'ForgotPassword', who)).toBe(true);
      clock.t += 1_000;
      expect(allowed(lonely, 'ForgotPassword', who)).toBe(true);
      clock.t += 1_000;
      expect(allowed(lonely, 'ForgotPassword', who)).toBe('LimitExceeded');
      expect(allowed(a, 'ForgotPassword', who)).toBe(true); // the other instance never heard of them
    });
  });
