/**
 * The S3 event notification a storage trigger receives, in the shape S3 sends to Lambda
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html):
 * one record per event, the key URL-encoded as S3 encodes it (spaces as `+`), the ETag unquoted.
 */
import type { ObjectRecord } from '../db/ports.js';
import type { Clock } from '../util/clock.js';
import { normalizeEtag } from './etag.js';

export type S3EventName = 'ObjectCreated:Put' | 'ObjectCreated:CompleteMultipartUpload' | 'ObjectCreated:Copy' | 'ObjectRemoved:Delete';

export interface S3EventRecord {
  eventVersion: '2.1';
  eventSource: 'aws:s3';
  awsRegion: string;
  eventTime: string;
  eventName: S3EventName;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: '1.0';
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: { key: string; size?: number; eTag?: string; sequencer: string };
  };
}

export interface S3Event {
  Records: S3EventRecord[];
}

/** `+` for spaces, `/` kept, %XX for the rest, as S3 writes keys into event records. */
export const eventKey = (key: string): string => encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');

export function createEventRecords(o: { region: string; clock: Clock }) {
  let last = 0n;
  // increasing within an instance, as S3's sequencer is per key: later events sort after earlier ones
  const sequencer = () => {
    const now = BigInt(o.clock.now()) * 1000n;
    last = now > last ? now : last + 1n;
    return last.toString(16).toUpperCase().padStart(16, '0');
  };
  return (name: S3EventName, obj: Pick<ObjectRecord, 'bucket' | 'key' | 'size' | 'etag' | 'writer'>, requestId: string): S3EventRecord => ({
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: o.region,
    eventTime: new Date(o.clock.now()).toISOString(),
    eventName: name,
    userIdentity: { principalId: obj.writer },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': requestId, 'x-amz-id-2': requestId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: name.startsWith('ObjectCreated') ? 'onUpload' : 'onDelete',
      bucket: { name: obj.bucket, ownerIdentity: { principalId: 'hearth' }, arn: `arn:aws:s3:::${obj.bucket}` },
      object: name.startsWith('ObjectCreated')
        ? { key: eventKey(obj.key), size: obj.size, eTag: normalizeEtag(obj.etag), sequencer: sequencer() }
        : { key: eventKey(obj.key), sequencer: sequencer() },
    },
  });
}
