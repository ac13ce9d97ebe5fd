/**
 * The event a DynamoDB stream mapping gives its function, and how Lambda reads the answer
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_Record.html).
 */
import { createHash } from 'node:crypto';
import type { StreamRecord } from '../db/ports.js';
import type { StreamMappingIR } from '../ir/types.js';
import type { InvokeResult } from './types.js';

/** Stream sequence numbers are decimal strings that sort as numbers; Hearth's are 21 digits: 10^20 + seq. */
export const sequenceNumber = (seq: number): string => (10n ** 20n + BigInt(seq)).toString();

export function streamEvent(m: StreamMappingIR, region: string, records: StreamRecord[]) {
  return {
    Records: records.map((r) => ({
      // stable for the record, as DynamoDB's is: a retried batch carries the same ids
      eventID: createHash('md5').update(`${r.tableName}:${r.seq}`).digest('hex'),
      eventName: r.eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(r.createdAt / 1000),
        Keys: r.keys,
        ...(r.newImage && { NewImage: r.newImage }),
        ...(r.oldImage && { OldImage: r.oldImage }),
        SequenceNumber: sequenceNumber(r.seq),
        SizeBytes: r.sizeBytes,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: m.eventSourceArn,
    })),
  };
}

/** How far a batch got: every record, or up to (not including) `failedAt`, with the reason. */
export type BatchOutcome = { ok: true } | { ok: false; failedAt: number; error: string };

/**
 * A thrown error or a timeout fails the whole batch. With ReportBatchItemFailures the answer's
 * `batchItemFailures` names failed records by sequence number: the batch resumes at the first one;
 * an identifier that is empty or names no record of the batch fails the whole batch, as Lambda does.
 * Without it, the answer is not read.
 */
export function batchOutcome(m: StreamMappingIR, result: InvokeResult, records: StreamRecord[], failure: string): BatchOutcome {
  const first = records[0]?.seq ?? 0;
  if (!result.ok) return { ok: false, failedAt: first, error: failure };
  if (!m.reportBatchItemFailures) return { ok: true };
  const items = (result.result as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (!Array.isArray(items) || items.length === 0) return { ok: true };
  const bySeq = new Map(records.map((r) => [sequenceNumber(r.seq), r.seq]));
  const failed = items.map((i) => bySeq.get(String((i as { itemIdentifier?: unknown } | null)?.itemIdentifier ?? '')));
  if (failed.some((s) => s === undefined)) {
    return { ok: false, failedAt: first, error: 'batchItemFailures named an itemIdentifier that is not in the batch' };
  }
  const failedAt = Math.min(...(failed as number[]));
  return { ok: false, failedAt, error: `batchItemFailures reported record ${sequenceNumber(failedAt)} as failed` };
}
