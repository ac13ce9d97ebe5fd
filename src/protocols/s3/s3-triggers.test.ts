/** onUpload / onDelete receive S3 event records after the write; a failing trigger is logged with its event. */
import { CopyObjectCommand, DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET as Bucket, startTestEndpoint, type TestEndpoint } from '../../../test/support/s3-endpoint.js';
import type { S3Event, TriggerRunner } from '../../storage/index.js';

describe('storage triggers', () => {
  let t: TestEndpoint;
  const received: { fn: string; event: S3Event }[] = [];
  let failNext = false;
  const runner: TriggerRunner = {
    async invoke(fn, event) {
      received.push({ fn, event });
      if (failNext) {
        failNext = false;
        return { ok: false, message: 'Error: thumbnail service down' };
      }
      return { ok: true };
    },
    onFailure: (fn, event, message) => t.logged.push(`storage trigger ${fn} failed: ${message}; event: ${JSON.stringify(event)}`),
  };
  beforeAll(async () => {
    t = await startTestEndpoint({ triggers: runner });
  });
  afterAll(() => t?.close());

  it('runs onUpload for a put and a copy, onDelete for a delete, with S3 event records', async () => {
    const s3 = t.client(t.guest());
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'public/my photo.jpg', Body: 'jpeg' }));
    await s3.send(new CopyObjectCommand({ Bucket, Key: 'public/copy.jpg', CopySource: `${Bucket}/public/my%20photo.jpg` }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'public/my photo.jpg' }));
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'public/never-there.jpg' }));
    await t.storage.settled();
    expect(received.map((r) => [r.fn, r.event.Records[0]?.eventName, r.event.Records[0]?.s3.object.key])).toEqual([
      ['onUpload', 'ObjectCreated:Put', 'public/my+photo.jpg'],
      ['onUpload', 'ObjectCreated:Copy', 'public/copy.jpg'],
      ['onDelete', 'ObjectRemoved:Delete', 'public/my+photo.jpg'],
    ]);
    const rec = received[0]?.event.Records[0];
    expect(rec).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      s3: { bucket: { name: Bucket, arn: `arn:aws:s3:::${Bucket}` }, object: { size: 4, eTag: put.ETag?.replaceAll('"', '') } },
    });
    expect(Date.parse(rec?.eventTime ?? '')).not.toBeNaN();
    expect(rec?.s3.object.sequencer).toMatch(/^[0-9A-F]{16,}$/);
  });

  it('logs a failed trigger with its event and error; the upload itself succeeded', async () => {
    const s3 = t.client(t.guest());
    failNext = true;
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'public/fails.txt', Body: 'x' }));
    expect(put.ETag).toBeDefined();
    await t.storage.settled();
    const line = t.logged.find((l) => l.includes('storage trigger onUpload failed'));
    expect(line).toContain('thumbnail service down');
    expect(line).toContain('"key":"public/fails.txt"');
  });
});
