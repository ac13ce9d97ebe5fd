/**
 * defineFunction schedules run by Hearth: `every 5m` and crons fire in the minutes EventBridge
 * Scheduler would (in the schedule's time zone), with Scheduler's default notification, and two
 * instances on one database (SQLite, and PostgreSQL when HEARTH_TEST_DATABASE_URL is set) fire each
 * minute once between them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES } from '../../test/support/pg-schema.js';
import { createScheduleTables, createSqlScheduleClaimStore } from '../db/sql/schedule-claim-store.js';
import { compileSchedules } from '../ir/compile-function-schedule.js';
import type { FunctionIR } from '../ir/types.js';
import { silentLogger } from '../util/logger.js';
import { createScheduleRunner } from './schedule-runner.js';

const fn = (name: string, schedule: unknown): FunctionIR => ({
  name,
  entry: '/x/handler.ts',
  definedIn: '/x/resource.ts',
  timeoutSeconds: 3,
  memoryMB: 512,
  environment: {},
  dataAccess: false,
  schedules: compileSchedules(schedule, { where: 'amplify/x/resource.ts', timeoutSeconds: 3 }),
});
const at = (iso: string) => Date.parse(iso);
const ids = { uuid: () => 'event-id' } as never;

for (const engine of STORE_ENGINES) {
  describe.skipIf(engine.skip)(`schedules on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`, () => {
    let opened: Awaited<ReturnType<typeof engine.open>>;
    beforeEach(async () => {
      opened = await engine.open();
      await createScheduleTables(opened.db, engine.dialect);
    });
    afterEach(async () => {
      await opened.db.destroy();
      await opened.drop();
    });

    function runner(db: typeof opened.db, functions: FunctionIR[], fired: { name: string; event: any }[]) {
      return createScheduleRunner({
        functions: () => functions,
        claims: createSqlScheduleClaimStore(db),
        dispatch: async (name, _source, event) => void fired.push({ name, event }),
        region: 'us-east-1',
        clock: { now: () => 0 } as never,
        ids,
        logger: silentLogger,
      });
    }

    it("fires 'every 5m' on the five-minute marks with Scheduler's default notification", async () => {
      const fired: { name: string; event: any }[] = [];
      const r = runner(opened.db, [fn('cleanup', 'every 5m')], fired);
      for (const m of ['10:00', '10:01', '10:04', '10:05', '10:05']) await r.tick(at(`2026-03-02T${m}:07Z`));
      expect(fired.map((f) => f.event.time)).toEqual(['2026-03-02T10:00:00Z', '2026-03-02T10:05:00Z']);
      expect(fired[0]).toEqual({
        name: 'cleanup',
        event: expect.objectContaining({ 'detail-type': 'Scheduled Event', source: 'aws.scheduler', region: 'us-east-1', detail: '{}' }),
      });
    });

    it('reads a cron in its time zone', async () => {
      const fired: { name: string; event: any }[] = [];
      // 09:00 on weekdays in New York (UTC-5 in March before DST): 14:00 UTC
      const r = runner(opened.db, [fn('digest', { cron: '0 9 ? * MON-FRI *', timezone: 'America/New_York' })], fired);
      await r.tick(at('2026-03-02T09:00:00Z'));
      await r.tick(at('2026-03-02T14:00:00Z'));
      await r.tick(at('2026-03-07T14:00:00Z')); // a Saturday
      expect(fired.map((f) => f.event.time)).toEqual(['2026-03-02T14:00:00Z']);
    });

    it('fires each minute once across two instances on one database', async () => {
      const second = opened.second ? await opened.second() : opened.db;
      const fired: { name: string; event: any }[] = [];
      const functions = [fn('tick', 'every 1m')];
      const a = runner(opened.db, functions, fired);
      const b = runner(second, functions, fired);
      for (const m of ['00', '01', '02']) {
        await Promise.all([a.tick(at(`2026-03-02T10:${m}:00.050Z`)), b.tick(at(`2026-03-02T10:${m}:00.070Z`))]);
      }
      if (second !== opened.db) await second.destroy();
      expect(fired.map((f) => f.event.time)).toEqual(['2026-03-02T10:00:00Z', '2026-03-02T10:01:00Z', '2026-03-02T10:02:00Z']);
    });
  });
}

describe('schedule expressions', () => {
  const where = { where: 'amplify/jobs/resource.ts', timeoutSeconds: 3 };
  it('turns rates into the crons Amplify deploys', () => {
    expect(compileSchedules(['every 5m', 'every 2h', 'every day', 'every week'], where).map((s) => s.cron.join(' '))).toEqual([
      '*/5 * * * ? *',
      '0 */2 * * ? *',
      '0 0 * * ? *',
      '0 0 ? * 1 *',
    ]);
  });

  it('refuses what EventBridge refuses, naming the file', () => {
    expect(() => compileSchedules('every 0m', where)).toThrow(/amplify\/jobs\/resource\.ts: schedule "every 0m"/);
    expect(() => compileSchedules('0 9 * * MON', where)).toThrow(/use \? in day-of-month or day-of-week/);
    expect(() => compileSchedules('61 * * * ?', where)).toThrow(/minutes must be whole numbers from 0 to 59/);
    expect(() => compileSchedules({ rate: 'every 1m', timezone: 'Mars/Olympus' }, where)).toThrow(/unknown time zone/);
    expect(() => compileSchedules('every 1m', { ...where, timeoutSeconds: 120 })).toThrow(/longer than the function's timeout/);
  });
});
