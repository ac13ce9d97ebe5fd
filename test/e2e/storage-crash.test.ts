/**
 * Issue 8's crash promise, tested the hard way: a real `hearth sandbox` is killed with SIGKILL at
 * random moments while @aws-sdk/client-s3 uploads large bodies (single PUTs and multipart parts) as a
 * guest, then restarted on the same state. Every acknowledged upload must be there with its exact
 * bytes, an unacknowledged one either absent or the previous whole version (never a part of one),
 * HEAD, GET and ListObjectsV2 must agree, acknowledged parts of an open multipart upload must still
 * be listed, and the store must keep working. What the crashes leave (blobs no row points at, parts
 * of uploads nobody completes) is then removed by the orphan sweep, and nothing else is.
 *
 * Runs on SQLite and PostgreSQL (HEARTH_TEST_DATABASE_URL) with the directory blob store, and on
 * SQLite with blobs in an S3-compatible server (s3rver, as HEARTH_STORAGE_URL), ~25 s in all. The
 * bucket has an onUpload trigger: every acknowledged upload must have its invocation after the
 * restarts, run (the handler logs it) or kept in hearth_invocations (its row commits with the object).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  S3Client,
  type S3Client as S3ClientType,
} from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/index.js';
import { createDirectoryBlobStore } from '../../src/storage/blobs/directory-blob-store.js';
import { createS3BlobStore } from '../../src/storage/blobs/s3-blob-store.js';
import { sweepOrphans } from '../../src/storage/blobs/sweep-orphans.js';
import type { BlobStore } from '../../src/storage/types.js';
import { repoRoot } from '../support/app-copy.js';
import { killHard, pause, writeAppFiles } from '../support/crash-support.js';
import { databaseFor, E2E_ENGINES } from '../support/pg-schema.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';
import {
  abandonUpload,
  type Failure,
  type KeyState,
  reader,
  sha256,
  uploadOnce,
  type Version,
  type Workload,
  writer,
} from './storage-crash-workload.js';

const KILLS = 5;
const WRITERS = 3;
const KEYS_PER_WRITER = 2;
const READERS = 2;
const PREFIX = 'public/crash/';

const APP: Record<string, string> = {
  'package.json': '{ "name": "storage-crash", "private": true, "type": "module" }\n',
  'amplify/package.json': '{ "type": "module" }\n',
  'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { storage } from './storage/resource';
defineBackend({ auth, storage });
`,
  'amplify/auth/resource.ts': `import { defineAuth } from '@aws-amplify/backend';
export const auth = defineAuth({ loginWith: { email: true } });
`,
  'amplify/storage/resource.ts': `import { defineFunction, defineStorage } from '@aws-amplify/backend';
export const onUpload = defineFunction({ name: 'on-upload', entry: './on-upload.ts' });
export const storage = defineStorage({
  name: 'crashFiles',
  access: (allow) => ({ 'public/*': [allow.guest.to(['read', 'write', 'delete'])] }),
  triggers: { onUpload },
});
`,
};

/** the onUpload handler: appends "<key> <etag>" of each event to `log` (a file outlives a kill) */
const onUploadHandler = (log: string) => `import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  for (const r of event.Records) appendFileSync(${JSON.stringify(log)}, r.s3.object.key + ' ' + r.s3.object.eTag + '\\n');
};
`;

const eventLine = (key: string, etag: string) => `${key} ${etag.replaceAll('"', '')}`;

/**
 * Every acknowledged upload has its onUpload invocation: run (its line is in the log), or kept in
 * hearth_invocations (pending, retrying, failed). Returns the ones that have neither, and counts.
 */
async function missingInvocations(db: Database, log: string, keys: KeyState[]) {
  const ran = new Set(existsSync(log) ? readFileSync(log, 'utf8').split('\n') : []);
  const rows = await db.invocations.list({ limit: 100_000 });
  const kept = new Set(
    rows.map((r) => {
      const o = (r.event as { Records: { s3: { object: { key: string; eTag: string } } }[] }).Records[0]?.s3.object;
      return eventLine(o?.key ?? '', o?.eTag ?? '');
    }),
  );
  const missing = keys.flatMap((k) =>
    k.acknowledged.map((v) => eventLine(k.key, v.etag)).filter((line) => !ran.has(line) && !kept.has(line)),
  );
  const byStatus: Record<string, number> = {};
  for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  return { missing, ran: ran.size - 1, byStatus };
}

interface Outputs {
  auth: { identity_pool_id: string };
  storage: { bucket_name: string; aws_region: string };
  custom: { hearth: { storageEndpoint: string; identityPoolEndpoint: string } };
}

/** guest credentials from the identity pool, as fetchAuthSession gets them for a signed-out user */
async function guestCredentials(o: Outputs) {
  const call = async (op: string, body: unknown) => {
    const res = await fetch(o.custom.hearth.identityPoolEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${op}` },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`${op}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as any;
  };
  const { IdentityId } = await call('GetId', { IdentityPoolId: o.auth.identity_pool_id });
  const { Credentials: c } = await call('GetCredentialsForIdentity', { IdentityId });
  return { accessKeyId: c.AccessKeyId as string, secretAccessKey: c.SecretKey as string, sessionToken: c.SessionToken as string };
}

const same = (v: Version | undefined, size: number, etag: string) => v !== undefined && v.size === size && v.etag === etag;

/** what the server holds for `k` through HEAD, GET and the listing; failures are described, not thrown */
async function checkKey(s3: S3ClientType, bucket: string, k: KeyState, listed: Map<string, { size: number; etag: string }>) {
  const problems: string[] = [];
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: k.key })).catch((e: { name?: string }) => e);
  if ('name' in head && head.name === 'NotFound') {
    if (k.confirmed) problems.push(`${k.key}: acknowledged ${k.confirmed.how} (${k.confirmed.size} B) is gone`);
    if (listed.has(k.key)) problems.push(`${k.key}: HEAD says 404 but the listing has it`);
    return { problems, holds: undefined };
  }
  const h = head as { ContentLength?: number; ETag?: string };
  const size = h.ContentLength ?? -1;
  const etag = h.ETag ?? '';
  const holds = same(k.confirmed, size, etag) ? k.confirmed : same(k.pending, size, etag) ? k.pending : undefined;
  if (!holds) problems.push(`${k.key}: holds ${size} B ${etag}, neither the acknowledged nor the in-flight version`);
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: k.key }));
  const bytes = Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  if (holds && sha256(bytes) !== holds.sha256) problems.push(`${k.key}: GET bytes (${bytes.length} B) differ from the version HEAD names`);
  const l = listed.get(k.key);
  if (!l || l.size !== size || l.etag !== etag) problems.push(`${k.key}: listed as ${JSON.stringify(l)}, HEAD says ${size} B ${etag}`);
  return { problems, holds };
}

/** acknowledged parts of an upload whose completion was not acknowledged are still listed, or it completed */
async function checkOpenUpload(s3: S3ClientType, bucket: string, k: KeyState, completed: boolean): Promise<string[]> {
  const open = k.open;
  if (!open) return [];
  const r = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: k.key, UploadId: open.uploadId })).catch((e) => e as Error);
  if (r instanceof Error) return r.name === 'NoSuchUpload' && completed ? [] : [`${k.key}: ListParts of the open upload: ${r.name}`];
  if (completed) return [`${k.key}: the upload completed yet is still listed as open`];
  const have = new Map((r.Parts ?? []).map((p) => [p.PartNumber, p.ETag]));
  return [...open.parts].filter(([n, etag]) => have.get(n) !== etag).map(([n]) => `${k.key}: acknowledged part ${n} is not listed`);
}

/** uploads that committed although their answer never got out (the kill came first) */
let committedUnanswered = 0;

async function verify(s3: S3ClientType, bucket: string, keys: KeyState[]): Promise<string[]> {
  const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: PREFIX }));
  const listed = new Map((listing.Contents ?? []).map((c) => [c.Key as string, { size: c.Size ?? -1, etag: c.ETag ?? '' }]));
  const problems: string[] = [];
  for (const extra of [...listed.keys()].filter((key) => !keys.some((k) => k.key === key))) problems.push(`unexpected key ${extra}`);
  for (const k of keys) {
    const r = await checkKey(s3, bucket, k, listed);
    problems.push(...r.problems);
    problems.push(...(await checkOpenUpload(s3, bucket, k, r.holds !== undefined && r.holds === k.pending)));
    if (r.holds !== undefined && r.holds === k.pending) committedUnanswered++;
    // what the server holds is now the truth the next writes build on
    if (r.holds || r.problems.length === 0) k.confirmed = r.holds;
    k.pending = undefined;
    k.open = undefined;
  }
  return problems;
}

interface Variant {
  title: string;
  skip?: string;
  engine: 'sqlite' | 'postgres';
  kills: number;
  /** blobs in an S3-compatible store (s3rver, started here) through HEARTH_STORAGE_URL */
  s3?: boolean;
}

const S3RVER = loadS3rver();
const VARIANTS: Variant[] = [
  ...E2E_ENGINES.map((e) => ({ title: e.name, skip: e.skip, engine: e.name, kills: KILLS })),
  { title: 'sqlite, blobs on an S3-compatible server', skip: S3RVER.skip, engine: 'sqlite', kills: 3, s3: true },
];

for (const v of VARIANTS) {
  describe.skipIf(Boolean(v.skip))(`a sandbox killed mid-upload on ${v.title}${v.skip ? ` (skipped: ${v.skip})` : ''}`, () => {
    const dir = join(repoRoot, 'test-artifacts', `storage-crash-${randomBytes(4).toString('hex')}`);
    const cleanup: (() => Promise<unknown> | unknown)[] = [];
    afterAll(async () => {
      for (const c of cleanup.reverse()) await c();
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps every acknowledged upload whole, shows no half upload, and sweeps what the crashes left', async () => {
      const eventLog = join(dir, 'on-upload.log');
      writeAppFiles(dir, { ...APP, 'amplify/storage/on-upload.ts': onUploadHandler(eventLog) });
      const database = await databaseFor(v.engine);
      cleanup.push(database.drop);
      const storeUrl = v.s3 ? await startS3rver(cleanup) : undefined;
      let sandbox: SandboxProcess | undefined;
      cleanup.push(() => sandbox?.stop());
      const port = await freePort();
      const start = async () => {
        if (storeUrl) process.env.HEARTH_STORAGE_URL = storeUrl; // the child inherits it
        try {
          sandbox = await startSandbox({ cwd: dir, port, databaseUrl: database.url });
        } finally {
          delete process.env.HEARTH_STORAGE_URL;
        }
        return sandbox;
      };
      await start();
      const outputs = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8')) as Outputs;
      const bucket = outputs.storage.bucket_name;
      const s3 = new S3Client({
        region: outputs.storage.aws_region,
        endpoint: outputs.custom.hearth.storageEndpoint,
        forcePathStyle: true,
        credentials: await guestCredentials(outputs),
        requestChecksumCalculation: 'WHEN_REQUIRED',
        maxAttempts: 1, // a retry would reach the restarted server as a new upload
      });
      cleanup.push(() => s3.destroy());
      const storageDir = join(dir, '.amplify/hearth/storage');
      const keys: KeyState[] = Array.from({ length: WRITERS * KEYS_PER_WRITER }, (_, i) => ({
        key: `${PREFIX}k${i}.bin`,
        sent: new Set<string>(),
        acknowledged: [],
      }));
      const failures: Failure[] = [];
      const problems: string[] = [];
      const abandoned: string[] = [];
      committedUnanswered = 0;
      const figures = { acknowledged: 0, inFlightAtKill: 0, falseMisses: 0, t0: performance.now() };

      for (let kill = 0; kill < v.kills; kill++) {
        const running = sandbox as SandboxProcess;
        let alive = true;
        const w: Workload = { s3, bucket, alive: () => alive, failures };
        abandoned.push(await abandonUpload(w, `${PREFIX}abandoned-${kill}.bin`));
        const writers = Array.from({ length: WRITERS }, (_, i) => writer(w, keys.slice(i * KEYS_PER_WRITER, (i + 1) * KEYS_PER_WRITER)));
        const readers = Array.from({ length: READERS }, () => reader(w, keys));
        await pause(300, 1200);
        alive = false;
        await killHard(running);
        for (const n of await Promise.all(writers)) figures.acknowledged += n;
        await Promise.all(readers);
        figures.falseMisses += w.falseMisses ?? 0;
        figures.inFlightAtKill += keys.filter((k) => k.pending).length;
        await start();
        // the restarted store removed the temp files of the killed process
        if (!storeUrl) expect(readdirSync(join(storageDir, '.tmp'))).toEqual([]);
        problems.push(...(await verify(s3, bucket, keys)).map((p) => `after kill ${kill + 1}: ${p}`));
      }
      expect(failures).toEqual([]);
      expect(problems).toEqual([]);

      // the store keeps working: one more round on every key, no kill
      const w: Workload = { s3, bucket, alive: () => true, failures };
      for (const k of keys) await uploadOnce(w, k);
      expect(failures).toEqual([]);
      expect(await verify(s3, bucket, keys)).toEqual([]);
      await (sandbox as SandboxProcess).stop();

      // the sweep: every blob left belongs to an object row, and every object still reads whole
      const db = await openDatabase({ databaseUrl: database.url, sqliteFile: join(dir, '.amplify/hearth/data.sqlite') });
      const events = await missingInvocations(db, eventLog, keys);
      expect(events.missing).toEqual([]);
      const blobs = storeUrl ? createS3BlobStore(storeUrl) : await createDirectoryBlobStore({ directory: storageDir });
      const before = await blobIds(blobs);
      const uploadsBefore = await db.objects.staleUploads({ initiatedBefore: Date.now() + 1, limit: 1000 });
      expect(uploadsBefore.map((u) => u.uploadId)).toEqual(expect.arrayContaining(abandoned));
      // S3 keeps LastModified to the second: "now" a few seconds ahead makes every blob old enough
      const swept = await sweepOrphans({ rows: db.objects, blobs, now: Date.now() + 5_000, graceMs: 0, uploadTtlMs: 0 });
      const rows = await db.db.selectFrom('hearth_objects').select('blob_id').execute();
      const after = await blobIds(blobs);
      expect(await db.objects.staleUploads({ initiatedBefore: Number.MAX_SAFE_INTEGER, limit: 10 })).toEqual([]);
      expect(after.sort()).toEqual(rows.map((r) => r.blob_id as string).sort());
      expect(swept.uploads).toBe(uploadsBefore.length);
      expect(swept.parts + swept.orphans).toBe(before.length - after.length);
      await blobs.close();
      await db.close();
      await start();
      expect(await verify(s3, bucket, keys)).toEqual([]);
      const seconds = ((performance.now() - figures.t0) / 1000).toFixed(1);
      console.log(
        `storage crash on ${v.title}: ${v.kills} kills in ${seconds} s, ${figures.acknowledged} uploads acknowledged, ` +
          `${figures.inFlightAtKill} in flight at a kill (${committedUnanswered} of them committed unanswered); swept ${uploadsBefore.length} open uploads (${swept.parts} part blobs) ` +
          `and ${swept.orphans} blobs no row pointed at; ${figures.falseMisses} GETs answered 404 for an existing key ` +
          `(${before.length} blobs before, ${after.length} after); onUpload ran ${events.ran} times, kept rows: ${JSON.stringify(events.byStatus)}`,
      );
    }, 90_000);
  });
}

async function blobIds(blobs: BlobStore): Promise<string[]> {
  const out: string[] = [];
  for await (const b of blobs.list?.() ?? []) out.push(b.blobId);
  return out;
}

type S3rverClass = new (o: object) => { run(): Promise<{ port: number }>; close(): Promise<void> };

function loadS3rver(): { S3rver?: S3rverClass; skip?: string } {
  try {
    return { S3rver: createRequire(import.meta.url)('s3rver') as S3rverClass };
  } catch {
    const skip = 's3rver is not installed';
    if (process.env.HEARTH_REQUIRE_S3_SERVER === '1') throw new Error(`HEARTH_REQUIRE_S3_SERVER=1 but ${skip}`);
    return { skip };
  }
}

/** s3rver on a free port with an empty bucket; returns its HEARTH_STORAGE_URL */
async function startS3rver(cleanup: (() => Promise<unknown> | unknown)[]): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'hearth-crash-s3-'));
  const server = new (S3RVER.S3rver as S3rverClass)({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  cleanup.push(async () => {
    await server.close();
    rmSync(directory, { recursive: true, force: true });
  });
  const admin = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await admin.send(new CreateBucketCommand({ Bucket: 'crash-blobs' }));
  admin.destroy();
  return `http://S3RVER:S3RVER@127.0.0.1:${port}/crash-blobs/blobs`;
}
