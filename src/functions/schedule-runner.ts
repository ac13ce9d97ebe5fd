/**
 * Runs defineFunction `schedule`s, as EventBridge Scheduler does in the cloud: at each minute a
 * schedule's cron matches, the function gets Scheduler's default notification, through the durable
 * invocation queue (an asynchronous invocation, retried as Lambda retries those). Every instance
 * ticks; the database's claim row lets one of them take each firing (db ScheduleClaimStore).
 */
import type { ScheduleClaimStore } from '../db/ports.js';
import type { FunctionIR } from '../ir/types.js';
import type { Clock } from '../util/clock.js';
import type { Ids } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import { createPoller } from '../util/poller.js';
import { scheduleFiresAt } from './schedule-cron.js';

const MINUTE = 60_000;

export interface ScheduleRunnerOptions {
  /** the functions of the backend being served (read at each tick: a reload may change schedules) */
  functions: () => FunctionIR[];
  claims: ScheduleClaimStore;
  /** queues an asynchronous invocation and runs it (InvocationQueue.dispatch) */
  dispatch: (functionName: string, source: string, event: unknown) => Promise<unknown>;
  region: string;
  clock: Clock;
  ids: Ids;
  logger: Logger;
}

export interface ScheduleRunner {
  /** fires what is due in the minute holding `now`; resolves when the invocations were queued */
  tick(now?: number): Promise<void>;
  start(): void;
  /** stops ticking; resolves when the tick in flight is over */
  stop(): Promise<void>;
}

export function createScheduleRunner(o: ScheduleRunnerOptions): ScheduleRunner {
  async function tick(now = o.clock.now()): Promise<void> {
    const minute = Math.floor(now / MINUTE);
    for (const fn of o.functions()) {
      for (const [i, s] of (fn.schedules ?? []).entries()) {
        if (!scheduleFiresAt(s, now)) continue;
        const key = `${fn.name}#${i}#${s.expression}`;
        if (!(await o.claims.claim(key, minute))) continue;
        o.logger.info(`schedule ${s.expression} → ${fn.name}`);
        void o.dispatch(fn.name, 'schedule', notification(o, fn.name, i, minute * MINUTE));
      }
    }
  }

  const poller = createPoller({
    pass: () => tick(),
    // a little past the minute, so clocks a few ms apart agree on which minute it is
    pollMs: () => MINUTE - (o.clock.now() % MINUTE) + 50,
    onError: (e) => o.logger.error(`schedules: ${(e as Error).message}`),
  });

  return { tick, start: poller.start, stop: poller.stop };
}

/**
 * EventBridge Scheduler's default notification, sent when a schedule gives its target no input
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_Target.html#scheduler-Type-Target-Input).
 */
function notification(o: ScheduleRunnerOptions, functionName: string, index: number, time: number) {
  return {
    version: '0',
    id: o.ids.uuid(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: '000000000000',
    time: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: o.region,
    resources: [`arn:aws:scheduler:${o.region}:000000000000:schedule/default/${functionName}-schedule-${index}`],
    detail: '{}',
  };
}
