/**
 * The uploads of the crash test (storage-crash.test.ts) and what each key may hold afterwards. Each
 * key has one writer, so its acknowledged versions are ordered: after a crash a key holds its last
 * acknowledged version, or the version whose upload was in flight (it may have committed without the
 * answer getting out), and nothing else: never a part of one.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { type Failure, isFinding } from '../support/crash-support.js';

const MiB = 1024 * 1024;
/** one pool of random bytes; a body is a slice at a random offset, so every version differs */
const POOL = randomBytes(24 * MiB);

export interface Version {
  size: number;
  etag: string;
  sha256: string;
  how: 'put' | 'multipart';
}

/** an upload whose parts were acknowledged and whose completion was not */
export interface OpenUpload {
  key: string;
  uploadId: string;
  /** the acknowledged parts: part number → ETag */
  parts: Map<number, string>;
}

export interface KeyState {
  key: string;
  /** the last acknowledged version; undefined before the first */
  confirmed?: Version;
  /** the version in flight when the server died, if any */
  pending?: Version;
  /** its multipart upload, when the pending version was one that had started */
  open?: OpenUpload;
  /** sha256 of every version ever sent: a read may meet any of them, never anything else */
  sent: Set<string>;
  /** every version whose upload was acknowledged, in order: each must have its onUpload invocation */
  acknowledged: Version[];
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest();
export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function slice(size: number): Buffer {
  const start = Math.floor(Math.random() * (POOL.length - size));
  return POOL.subarray(start, start + size);
}

const between = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo));

/** S3's multipart ETag: the MD5 of the parts' MD5s, then "-<part count>" */
function multipartEtag(parts: Buffer[]): string {
  return `"${md5(Buffer.concat(parts.map(md5))).toString('hex')}-${parts.length}"`;
}

export type { Failure } from '../support/crash-support.js';

export interface Workload {
  s3: S3Client;
  bucket: string;
  /** false once the server has been killed */
  alive(): boolean;
  failures: Failure[];
  /** reads answered 404 for a key that existed before and after them */
  falseMisses?: number;
}

/** one upload of a new version of `k` (single PUT or multipart); returns when acknowledged or failed */
export async function uploadOnce(w: Workload, k: KeyState): Promise<void> {
  const multipart = Math.random() < 0.4;
  const step = { what: multipart ? 'multipart' : 'put' };
  try {
    if (multipart) await multipartUpload(w, k, step);
    else await putUpload(w, k);
    k.pending = undefined;
    k.open = undefined;
  } catch (e) {
    const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const status = err.$metadata?.httpStatusCode;
    const whileAlive = w.alive();
    // refused or reset by the kill: expected; an HTTP answer or a failure of a live server: a bug
    if (isFinding(status, whileAlive))
      w.failures.push({ key: k.key, what: step.what, error: `${status ?? '-'} ${err.name}: ${err.message}`, whileAlive });
  }
}

async function putUpload(w: Workload, k: KeyState): Promise<void> {
  const body = slice(between(MiB, 6 * MiB));
  k.pending = { size: body.length, etag: `"${md5(body).toString('hex')}"`, sha256: sha256(body), how: 'put' };
  k.sent.add(k.pending.sha256);
  await w.s3.send(new PutObjectCommand({ Bucket: w.bucket, Key: k.key, Body: body, ContentType: 'application/octet-stream' }));
  k.confirmed = k.pending;
  if (k.confirmed) k.acknowledged.push(k.confirmed);
}

async function multipartUpload(w: Workload, k: KeyState, step: { what: string }): Promise<void> {
  const parts = [slice(5 * MiB), slice(between(64 * 1024, 3 * MiB))];
  const whole = Buffer.concat(parts);
  k.pending = { size: whole.length, etag: multipartEtag(parts), sha256: sha256(whole), how: 'multipart' };
  k.sent.add(k.pending.sha256);
  step.what = 'CreateMultipartUpload';
  const { UploadId } = await w.s3.send(new CreateMultipartUploadCommand({ Bucket: w.bucket, Key: k.key }));
  const open: OpenUpload = { key: k.key, uploadId: UploadId as string, parts: new Map() };
  k.open = open;
  for (const [i, Body] of parts.entries()) {
    step.what = `UploadPart ${i + 1}`;
    const r = await w.s3.send(new UploadPartCommand({ Bucket: w.bucket, Key: k.key, UploadId, PartNumber: i + 1, Body }));
    open.parts.set(i + 1, r.ETag as string);
  }
  step.what = 'CompleteMultipartUpload';
  const Parts = [...open.parts].map(([PartNumber, ETag]) => ({ PartNumber, ETag }));
  await w.s3.send(new CompleteMultipartUploadCommand({ Bucket: w.bucket, Key: k.key, UploadId, MultipartUpload: { Parts } }));
  k.confirmed = k.pending;
  if (k.confirmed) k.acknowledged.push(k.confirmed);
}

/** one writer: uploads to its keys, one after another, until the server dies */
export async function writer(w: Workload, keys: KeyState[]): Promise<number> {
  let acknowledged = 0;
  while (w.alive()) {
    const k = keys[Math.floor(Math.random() * keys.length)] as KeyState;
    await uploadOnce(w, k);
    if (k.pending === undefined) acknowledged++;
    else break; // in doubt until the restart: this key is checked before it is written again
  }
  return acknowledged;
}

/** a multipart upload left open on purpose (a client that went away): one part, never completed */
export async function abandonUpload(w: Workload, key: string): Promise<string> {
  const { UploadId } = await w.s3.send(new CreateMultipartUploadCommand({ Bucket: w.bucket, Key: key }));
  await w.s3.send(new UploadPartCommand({ Bucket: w.bucket, Key: key, UploadId, PartNumber: 1, Body: slice(5 * MiB) }));
  return UploadId as string;
}

/**
 * One reader: GETs keys while they are being overwritten, until the server dies. Every body read
 * must be a whole version that was sent; a 404 for a key that existed all along is counted.
 */
export async function reader(w: Workload, keys: KeyState[]): Promise<void> {
  while (w.alive()) {
    const k = keys[Math.floor(Math.random() * keys.length)] as KeyState;
    const existed = k.confirmed !== undefined;
    try {
      const r = await w.s3.send(new GetObjectCommand({ Bucket: w.bucket, Key: k.key }));
      const bytes = Buffer.from(await (r.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
      if (!k.sent.has(sha256(bytes)))
        w.failures.push({ key: k.key, what: 'GET', error: `${bytes.length} B that were never sent whole`, whileAlive: w.alive() });
    } catch (e) {
      const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      if (err.name === 'NoSuchKey' && existed) w.falseMisses = (w.falseMisses ?? 0) + 1;
      else if (err.name !== 'NoSuchKey' && (err.$metadata?.httpStatusCode !== undefined || w.alive()))
        w.failures.push({ key: k.key, what: 'GET', error: `${err.name}: ${err.message}`, whileAlive: w.alive() });
    }
  }
}
