import { IS_STAND_IN, standIn } from './escape-hatch-recorder.js';
import { currentHatchLog, type StreamSourceRecord } from './registry.js';

/**
 * DynamoDB stream → function wiring in backend.ts, the two ways Amplify's docs and CDK write it:
 * `new EventSourceMapping(scope, id, { target: backend.fn.resources.lambda, eventSourceArn:
 * tables['Todo'].tableStreamArn, startingPosition })` and
 * `backend.fn.resources.lambda.addEventSource(new DynamoEventSource(table, { startingPosition }))`.
 * Both are recorded for the IR compiler (src/ir/compile-streams.ts), which serves model tables'
 * streams and reports any other source as ignored.
 */

const EVENT_SOURCE = Symbol.for('hearth.dynamoEventSource');

/** `lambda.StartingPosition`: CDK's enum values are the strings Lambda takes. */
const STARTING_POSITION = { LATEST: 'LATEST', TRIM_HORIZON: 'TRIM_HORIZON', AT_TIMESTAMP: 'AT_TIMESTAMP' };

const pathOf = (v: unknown): string => (typeof v === 'function' && (v as unknown as Record<symbol, string>)[IS_STAND_IN]) || String(v);

function record(r: StreamSourceRecord): void {
  const log = currentHatchLog();
  log.streams ??= [];
  log.streams.push(r);
}

const eventSourceMapping = () =>
  standIn('lambda.EventSourceMapping', currentHatchLog, {
    construct: (args, at) => {
      const id = typeof args[1] === 'string' ? args[1] : '';
      const { target, eventSourceArn, ...props } = (args[2] as Record<string, unknown> | undefined) ?? {};
      record({ id, target: pathOf(target), eventSourceArn, props, at });
      return standIn(`lambda.EventSourceMapping:${id}`, currentHatchLog);
    },
  });

const dynamoEventSource = () =>
  standIn('lambda-event-sources.DynamoEventSource', currentHatchLog, {
    construct: ([table, props], at) => {
      const arn = (table as { tableStreamArn?: unknown } | undefined)?.tableStreamArn;
      const source = { [EVENT_SOURCE]: { arn, table: pathOf(table), props: { ...(props as object) }, at } };
      return source;
    },
  });

/** `backend.<fn>.resources.lambda.addEventSource(source)`; sources other than DynamoDB streams are reported. */
export function addEventSource(target: string) {
  return standIn(`${target}.addEventSource`, currentHatchLog, {
    call: ([source], at) => {
      const s = (source as Record<symbol, { arn: unknown; table: string; props: Record<string, unknown> }> | undefined)?.[EVENT_SOURCE];
      if (!s) {
        currentHatchLog().ignored.push({ what: `${target}.addEventSource(${pathOf(source)})`, at });
        return undefined;
      }
      record({ id: `${s.table.replace(/^backend\./, '')}:DynamoEventSource`, target, eventSourceArn: s.arn, props: s.props, at });
      return undefined;
    },
  });
}

const MEMBERS: Record<string, Record<string, () => unknown>> = {
  'aws-cdk-lib/aws-lambda': { EventSourceMapping: eventSourceMapping, StartingPosition: () => STARTING_POSITION },
  'aws-cdk-lib/aws-lambda-event-sources': { DynamoEventSource: dynamoEventSource },
};

/** What Hearth models of `pkg`'s `name` for streams; undefined when it is not a stream member. */
export function streamMember(name: string, pkg: string): unknown {
  return MEMBERS[pkg]?.[name]?.();
}
