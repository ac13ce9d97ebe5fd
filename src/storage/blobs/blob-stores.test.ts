/**
 * The blob port's contract, once per adapter: the directory store always, the S3-compatible store
 * against a real S3-compatible server (s3rver) started here. Without s3rver installed the S3 run is
 * skipped and says so, unless HEARTH_REQUIRE_S3_SERVER=1 (CI), where it fails. HEARTH_TEST_S3_URL
 * runs it against a server of your own instead: http://KEY:SECRET@HOST:PORT/BUCKET.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { CreateBucketCommand, ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../types.js';
import { createDirectoryBlobStore } from './directory-blob-store.js';
import { openBlobStore } from './index.js';
import { createS3BlobStore } from './s3-blob-store.js';

const MiB = 1024 * 1024;

/** a body the way an HTTP request delivers it: 64 KiB chunks */
function body(bytes: Buffer, chunk = 64 * 1024): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  return Readable.from(chunks, { objectMode: false });
}

/** a client that sends `bytes`, then its connection breaks */
function broken(bytes: Buffer): Readable {
  return Readable.from(
    (async function* () {
      yield* body(bytes);
      throw new Error('client went away');
    })(),
    { objectMode: false },
  );
}

async function readAll(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const hex = (algorithm: string, b: Buffer) => createHash(algorithm).update(b).digest('hex');

interface Adapter {
  name: string;
  skip?: string;
  /** a fresh empty store, and what it holds (blobs and leftovers a failed write might leave) */
  open(): Promise<{ store: BlobStore; leftovers(): Promise<string[]>; close(): Promise<void> }>;
}

const s3 = await startS3TestServer();

const adapters: Adapter[] = [
  {
    name: 'a directory',
    async open() {
      const directory = await mkdtemp(join(tmpdir(), 'hearth-blobs-'));
      const store = await createDirectoryBlobStore({ directory });
      return { store, leftovers: () => filesUnder(directory), close: () => rm(directory, { recursive: true, force: true }) };
    },
  },
  {
    name: 'an S3-compatible server',
    ...(s3.skip ? { skip: s3.skip } : {}),
    async open() {
      const prefix = `t${randomBytes(4).toString('hex')}`;
      const store = createS3BlobStore(`${s3.url}/${prefix}`);
      return { store, leftovers: () => s3.leftovers(prefix), close: () => store.close() };
    },
  },
];

afterAll(() => s3.stop());

interface S3TestServer {
  /** http://KEY:SECRET@HOST:PORT/BUCKET */
  url: string;
  skip?: string;
  /** objects under `prefix`, and open multipart uploads where the server can list them */
  leftovers(prefix: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** s3rver (an S3-compatible server in Node) on a free port, or the server HEARTH_TEST_S3_URL names */
async function startS3TestServer(): Promise<S3TestServer> {
  const given = process.env.HEARTH_TEST_S3_URL;
  if (given) return s3Server(given, async () => {});
  let S3rver: new (o: object) => { run(): Promise<{ port: number }>; close(): Promise<void> };
  try {
    S3rver = createRequire(import.meta.url)('s3rver');
  } catch {
    const skip = 's3rver is not installed (npm i -D s3rver@3.7.1), and HEARTH_TEST_S3_URL is not set';
    if (process.env.HEARTH_REQUIRE_S3_SERVER === '1') throw new Error(`HEARTH_REQUIRE_S3_SERVER=1 but ${skip}`);
    return { url: '', skip, leftovers: async () => [], stop: async () => {} };
  }
  const directory = await mkdtemp(join(tmpdir(), 'hearth-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  const url = `http://S3RVER:S3RVER@127.0.0.1:${port}/hearth-blobs`;
  await using(url, (c) => c.send(new CreateBucketCommand({ Bucket: 'hearth-blobs' })));
  return s3Server(url, async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });
}

function s3Server(url: string, stop: () => Promise<void>): S3TestServer {
  const Bucket = new URL(url).pathname.split('/')[1] as string;
  const leftovers = (prefix: string) =>
    using(url, async (c) => {
      const objects = await c.send(new ListObjectsV2Command({ Bucket, Prefix: `${prefix}/` }));
      const keys = (objects.Contents ?? []).map((o) => o.Key as string).sort();
      // s3rver cannot list uploads (NotImplemented); a server that can must show none left open
      const uploads = await c.send(new ListMultipartUploadsCommand({ Bucket, Prefix: `${prefix}/` })).catch(() => undefined);
      return [...keys, ...(uploads?.Uploads ?? []).map((u) => `upload ${u.Key}`)];
    });
  return { url, leftovers, stop };
}

async function using<T>(url: string, f: (c: S3Client) => Promise<T>): Promise<T> {
  const u = new URL(url);
  const c = new S3Client({
    endpoint: `${u.protocol}//${u.host}`,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: decodeURIComponent(u.username), secretAccessKey: decodeURIComponent(u.password) },
  });
  try {
    return await f(c);
  } finally {
    c.destroy();
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

for (const adapter of adapters)
  describe.skipIf(Boolean(adapter.skip))(`blob store on ${adapter.name}${adapter.skip ? ` (skipped: ${adapter.skip})` : ''}`, () => {
    let store: BlobStore;
    let leftovers: () => Promise<string[]>;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ store, leftovers, close } = await adapter.open());
    });
    afterEach(() => close());

    it('gives back the bytes it was given, with their size, MD5 and SHA-256', async () => {
      const bytes = randomBytes(3 * MiB + 17);
      const w = await store.write(body(bytes), { maxBytes: 5 * MiB });
      expect(w).toEqual({
        blobId: expect.stringMatching(/^[0-9a-f]{32}$/),
        size: bytes.length,
        md5: hex('md5', bytes),
        sha256: hex('sha256', bytes),
      });
      expect((await readAll(await store.read(w.blobId))).equals(bytes)).toBe(true);
    });

    it('stores an empty body', async () => {
      const w = await store.write(body(Buffer.alloc(0)), { maxBytes: 10 });
      expect(w).toMatchObject({ size: 0, md5: 'd41d8cd98f00b204e9800998ecf8427e' });
      expect((await readAll(await store.read(w.blobId))).length).toBe(0);
    });

    it('a body of several parts (20 MiB) round-trips', async () => {
      const bytes = randomBytes(20 * MiB + 3);
      const w = await store.write(body(bytes, 256 * 1024), { maxBytes: 100 * MiB });
      expect(w.sha256).toBe(hex('sha256', bytes));
      expect(hex('sha256', await readAll(await store.read(w.blobId)))).toBe(w.sha256);
    });

    it('reads a byte range, both ends included', async () => {
      const bytes = randomBytes(100_000);
      const { blobId } = await store.write(body(bytes), { maxBytes: MiB });
      const range = async (start: number, end: number) => readAll(await store.read(blobId, { start, end }));
      expect((await range(0, 9)).equals(bytes.subarray(0, 10))).toBe(true);
      expect((await range(50_000, 70_000)).equals(bytes.subarray(50_000, 70_001))).toBe(true);
      expect((await range(99_999, 99_999)).equals(bytes.subarray(99_999))).toBe(true);
    });

    it('a body of exactly maxBytes is kept; one byte more is EntityTooLarge and leaves nothing', async () => {
      await store.write(body(randomBytes(1000)), { maxBytes: 1000 });
      const before = await leftovers();
      const tooBig = body(randomBytes(1001));
      await expect(store.write(tooBig, { maxBytes: 1000 })).rejects.toMatchObject({ code: 'EntityTooLarge' });
      // the protocol still owns the request: it answers with S3's error, then drains or closes it
      expect(tooBig.destroyed).toBe(false);
      expect(await leftovers()).toEqual(before);
    });

    it('an oversize body of several parts leaves nothing', async () => {
      await expect(store.write(body(randomBytes(20 * MiB), 256 * 1024), { maxBytes: 12 * MiB })).rejects.toMatchObject({
        code: 'EntityTooLarge',
      });
      expect(await leftovers()).toEqual([]);
    });

    it('a body that breaks off mid-way fails the write and leaves nothing', async () => {
      await expect(store.write(broken(randomBytes(10 * MiB)), { maxBytes: 100 * MiB })).rejects.toThrow('client went away');
      await expect(store.write(broken(randomBytes(1000)), { maxBytes: 100 * MiB })).rejects.toThrow('client went away');
      expect(await leftovers()).toEqual([]);
    });

    it('concat joins blobs in order into a new blob and keeps the sources', async () => {
      const parts = [randomBytes(300_000), randomBytes(1), randomBytes(70_000)];
      const ids: string[] = [];
      for (const p of parts) ids.push((await store.write(body(p), { maxBytes: MiB })).blobId);
      const joined = await store.concat(ids);
      expect(joined.size).toBe(370_001);
      expect(ids).not.toContain(joined.blobId);
      expect((await readAll(await store.read(joined.blobId))).equals(Buffer.concat(parts))).toBe(true);
      expect((await readAll(await store.read(ids[1] as string))).equals(parts[1] as Buffer)).toBe(true);
    });

    it('concat with a missing source fails and leaves nothing new', async () => {
      const { blobId } = await store.write(body(randomBytes(1000)), { maxBytes: MiB });
      const before = await leftovers();
      await expect(store.concat([blobId, '0123456789abcdef0123456789abcdef'])).rejects.toMatchObject({ code: 'NoSuchKey' });
      expect(await leftovers()).toEqual(before);
    });

    it('a deleted blob is gone; deleting it again is fine', async () => {
      const { blobId } = await store.write(body(randomBytes(1000)), { maxBytes: MiB });
      await store.delete(blobId);
      await expect(store.read(blobId)).rejects.toMatchObject({ code: 'NoSuchKey' });
      await store.delete(blobId);
      expect(await leftovers()).toEqual([]);
    });

    it('concurrent writes each keep their own bytes', async () => {
      const bodies = Array.from({ length: 16 }, (_, i) => randomBytes(50_000 + i));
      const written = await Promise.all(bodies.map((b) => store.write(body(b), { maxBytes: MiB })));
      expect(new Set(written.map((w) => w.blobId)).size).toBe(16);
      for (const [i, w] of written.entries()) expect((await readAll(await store.read(w.blobId))).equals(bodies[i] as Buffer)).toBe(true);
    });

    it('lists every blob it holds (for the orphan sweep), with when it was written', async () => {
      const t0 = Date.now();
      const written = await Promise.all([1, 2, 3].map((n) => store.write(body(randomBytes(n * 100)), { maxBytes: MiB })));
      await store.delete((written[2] as { blobId: string }).blobId);
      const listed = [];
      for await (const e of store.list?.() ?? []) listed.push(e);
      expect(listed.map((e) => e.blobId).sort()).toEqual(
        written
          .slice(0, 2)
          .map((w) => w.blobId)
          .sort(),
      );
      // S3 keeps LastModified to the second
      for (const e of listed) expect(e.modified).toBeGreaterThanOrEqual(t0 - 1000);
    });

    it('dropping unfinished writes never touches a finished blob or a write in progress', async () => {
      const { blobId } = await store.write(body(randomBytes(100)), { maxBytes: MiB });
      const slow = new PassThrough();
      const writing = store.write(slow, { maxBytes: 20 * MiB });
      slow.write(randomBytes(9 * MiB)); // past one part: the S3 store has begun a multipart upload
      await new Promise((r) => setTimeout(r, 200));
      expect(await store.dropUnfinished?.(Date.now() + 60_000)).toBe(0);
      slow.end(randomBytes(100));
      const done = await writing;
      expect(done.size).toBe(9 * MiB + 100);
      expect((await readAll(await store.read(blobId))).length).toBe(100);
    });
  });

describe.skipIf(Boolean(s3.skip))(`openBlobStore with HEARTH_STORAGE_URL${s3.skip ? ` (skipped: ${s3.skip})` : ''}`, () => {
  it('opens the bucket the URL names and keeps blobs there', async () => {
    const store = await openBlobStore({ url: `${s3.url}/opened`, directory: '/nonexistent/unused' });
    const { blobId } = await store.write(body(Buffer.from('in the bucket')), { maxBytes: 100 });
    expect((await readAll(await store.read(blobId))).toString()).toBe('in the bucket');
    expect(await s3.leftovers('opened')).toEqual([`opened/${blobId}`]);
    await store.delete(blobId);
    await store.close();
  });

  it('stops with a ConfigError naming the problem when the bucket is missing, the keys are wrong or nothing listens', async () => {
    const u = new URL(s3.url);
    const open = (url: string) => openBlobStore({ url, directory: '/nonexistent/unused' });
    await expect(open(`${u.protocol}//${u.username}:${u.password}@${u.host}/no-such-bucket`)).rejects.toMatchObject({
      code: 'ConfigError',
      message: expect.stringContaining('bucket "no-such-bucket" is not usable: the bucket does not exist'),
    });
    // (s3rver checks the access key, not the SigV4 signature)
    const wrongKeys = `${u.protocol}//unknown-key:wrong-secret@${u.host}${u.pathname}`;
    await expect(open(wrongKeys)).rejects.toMatchObject({ code: 'ConfigError', message: expect.stringContaining('the keys are refused') });
    await expect(open(wrongKeys)).rejects.toMatchObject({ message: expect.not.stringContaining('wrong-secret') });
    await expect(open(`http://k:s@127.0.0.1:1${u.pathname}`)).rejects.toMatchObject({ code: 'ConfigError' });
  });
});
