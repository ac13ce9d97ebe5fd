import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../db/ports.js';
import type { StreamMappingIR } from '../ir/types.js';
import { batchOutcome, sequenceNumber, streamEvent } from './stream-event.js';

const mapping = (over: Partial<StreamMappingIR> = {}): StreamMappingIR => ({
  id: 'fn:Todo:m',
  functionName: 'fn',
  model: 'Todo',
  tableName: 'Todo',
  eventSourceArn: 'arn:aws:dynamodb:eu-west-1:000000000000:table/Todo/stream/hearth',
  startingPosition: 'LATEST',
  batchSize: 100,
  maxBatchingWindowMs: 0,
  retryAttempts: -1,
  reportBatchItemFailures: true,
  enabled: true,
  at: 'amplify/backend.ts:1',
  ...over,
});

const rec = (seq: number): StreamRecord => ({
  tableName: 'Todo',
  seq,
  eventName: 'INSERT',
  keys: { id: { S: `t${seq}` } },
  newImage: { id: { S: `t${seq}` } },
  sizeBytes: 10,
  createdAt: 1_700_000_000_999,
});

const ok = (result: unknown) => ({ ok: true as const, result });

describe('stream events', () => {
  it('shapes records as DynamoDB stream records, sequence numbers sorting as numbers', () => {
    const e = streamEvent(mapping(), 'eu-west-1', [rec(9), rec(10)]);
    expect(e.Records[0]).toMatchObject({
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      eventSourceARN: mapping().eventSourceArn,
      dynamodb: {
        ApproximateCreationDateTime: 1_700_000_000,
        SequenceNumber: '100000000000000000009',
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(e.Records[0]!.dynamodb).not.toHaveProperty('OldImage');
    expect(e.Records[0]!.eventID).not.toBe(e.Records[1]!.eventID);
    expect(streamEvent(mapping(), 'eu-west-1', [rec(9)]).Records[0]!.eventID).toBe(e.Records[0]!.eventID);
  });

  it('reads batchItemFailures only with ReportBatchItemFailures, resuming at the first failed record', () => {
    const batch = [rec(1), rec(2), rec(3)];
    const failures = { batchItemFailures: [{ itemIdentifier: sequenceNumber(3) }, { itemIdentifier: sequenceNumber(2) }] };
    expect(batchOutcome(mapping(), ok(failures), batch, '')).toMatchObject({ ok: false, failedAt: 2 });
    expect(batchOutcome(mapping({ reportBatchItemFailures: false }), ok(failures), batch, '')).toEqual({ ok: true });
    expect(batchOutcome(mapping(), ok({ batchItemFailures: [] }), batch, '')).toEqual({ ok: true });
    expect(batchOutcome(mapping(), ok(null), batch, '')).toEqual({ ok: true });
  });

  it('fails the whole batch on a throw, or on an identifier that names no record of it', () => {
    const batch = [rec(4), rec(5)];
    const thrown = { ok: false as const, kind: 'error' as const, errorType: 'Error', errorMessage: 'boom' };
    expect(batchOutcome(mapping(), thrown, batch, 'Error: boom')).toEqual({ ok: false, failedAt: 4, error: 'Error: boom' });
    const bad = ok({ batchItemFailures: [{ itemIdentifier: '' }] });
    expect(batchOutcome(mapping(), bad, batch, '')).toMatchObject({ ok: false, failedAt: 4 });
  });
});
