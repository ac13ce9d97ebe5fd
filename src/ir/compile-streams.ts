import { definitionOf } from '../backend/index.js';
import type { StreamSourceRecord } from '../backend/registry.js';
import type { FunctionTable } from './compile-functions.js';
import type { BackendIR, StreamMappingIR } from './types.js';

/** The stream ARN Hearth gives a model table (escape hatches' `tableStreamArn`). */
export const tableStreamArn = (region: string, account: string, tableName: string): string =>
  `arn:aws:dynamodb:${region}:${account}:table/${tableName}/stream/hearth`;

/** Props Hearth applies; any other prop of a mapping is reported as ignored. */
const SERVED = new Set(['startingPosition', 'batchSize', 'maxBatchingWindow', 'retryAttempts', 'reportBatchItemFailures', 'enabled']);

export interface StreamCtx {
  ir: BackendIR;
  resources: Record<string, unknown>;
  functions: FunctionTable;
  account: string;
  /** resolves `${hearth:…}` references */
  resolve: (v: unknown) => unknown;
  /** `file:line` relative to the project */
  site: (at: string) => string;
  ignored: Set<string>;
}

/**
 * Turns the stream sources backend.ts declared into mappings on model tables' streams, marking
 * those models `streamed`. A source on anything else (a table Hearth does not serve, a function
 * that is not in defineBackend) and props Hearth has no setting for are reported as ignored.
 */
export function compileStreams(c: StreamCtx, records: StreamSourceRecord[]): StreamMappingIR[] {
  const out: StreamMappingIR[] = [];
  for (const r of records) {
    const where = c.site(r.at);
    const what = `the stream mapping '${r.id}'`;
    const key = /^backend\.([\w$]+)\.resources\.lambda$/.exec(r.target)?.[1];
    const resource = key === undefined ? undefined : c.resources[key];
    if (!resource || definitionOf(resource)?.kind !== 'function') {
      c.ignored.add(`${what} in ${where}: its target ${r.target} is not a function of defineBackend`);
      continue;
    }
    const arn = c.resolve(r.eventSourceArn);
    const model = c.ir.data?.models.find((m) => tableStreamArn(c.ir.region, c.account, m.tableName) === arn);
    if (!model) {
      c.ignored.add(`${what} in ${where}: its source ${String(arn) || '(none)'} is not a model table's stream`);
      continue;
    }
    for (const prop of Object.keys(r.props)) if (!SERVED.has(prop)) c.ignored.add(`${prop} of ${what} in ${where}`);
    const fn = c.functions.add(resource);
    model.streamed = true;
    out.push({
      id: `${fn.name}:${model.tableName}:${r.id}`,
      functionName: fn.name,
      model: model.name,
      tableName: model.tableName,
      eventSourceArn: String(arn),
      startingPosition: startingPosition(c, r, where),
      batchSize: intProp(r.props.batchSize, 100, [1, 10_000]),
      maxBatchingWindowMs: durationMs(r.props.maxBatchingWindow),
      retryAttempts: intProp(r.props.retryAttempts, -1, [-1, 10_000]),
      reportBatchItemFailures: r.props.reportBatchItemFailures === true,
      enabled: r.props.enabled !== false,
      at: where,
    });
  }
  return out;
}

function startingPosition(c: StreamCtx, r: StreamSourceRecord, where: string): StreamMappingIR['startingPosition'] {
  const p = r.props.startingPosition;
  if (p === 'LATEST' || p === 'TRIM_HORIZON') return p;
  c.ignored.add(`startingPosition ${String(p)} of the stream mapping '${r.id}' in ${where} (Hearth starts it at LATEST)`);
  return 'LATEST';
}

function intProp(v: unknown, fallback: number, [min, max]: [number, number]): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fallback;
}

/** `Duration.seconds(5)` as the loader's model of aws-cdk-lib answers it (cdk-lambda.ts). */
function durationMs(v: unknown): number {
  const ms = (v as { toMilliseconds?: () => unknown } | undefined)?.toMilliseconds?.();
  return typeof ms === 'number' && ms > 0 ? Math.min(ms, 300_000) : 0;
}
