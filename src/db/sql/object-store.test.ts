/**
 * The object metadata store (file storage) on SQLite, and on PostgreSQL when
 * HEARTH_TEST_DATABASE_URL is set (e.g. postgres://postgres@127.0.0.1:5432/test; each test gets a
 * throw-away schema).
 */
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES } from '../../../test/support/pg-schema.js';
import type { ObjectRecord, ObjectStore, UploadPartRecord } from '../ports.js';
import { createObjectTables, createSqlObjectStore, prefixUpperBound } from './object-store.js';

function object(key: string, o: Partial<ObjectRecord> = {}): ObjectRecord {
  return {
    bucket: 'photos-bucket',
    key,
    blobId: `blob-${key}`,
    size: 5_000_000_000, // past 32 bits
    etag: '"0123456789abcdef0123456789abcdef"',
    contentType: 'image/png',
    metadata: { author: 'Zoë', 'x-note': 'a "quoted" value' },
    headers: { 'cache-control': 'max-age=60', 'content-disposition': 'attachment; filename="ü.png"' },
    writer: 'us-east-1:0b8c1e2a-0000-4000-8000-000000000000',
    lastModified: 1_700_000_000_123,
    ...o,
  };
}

function part(uploadId: string, partNumber: number, o: Partial<UploadPartRecord> = {}): UploadPartRecord {
  return {
    uploadId,
    partNumber,
    blobId: `part-${partNumber}`,
    size: 5 * 1024 * 1024,
    etag: `"${'a'.repeat(32)}"`,
    lastModified: 1_700_000_000_000,
    ...o,
  };
}

const upload = (uploadId: string, key = 'big.bin') => ({
  uploadId,
  bucket: 'photos-bucket',
  key,
  contentType: 'application/octet-stream',
  metadata: { kind: 'video' },
  headers: { 'content-encoding': 'gzip' },
  writer: 'admin',
  initiated: 1_700_000_000_000,
});

/** S3's list order: UTF-8 bytes, which is not JavaScript's UTF-16 string order */
const byteOrder = (keys: string[]) => [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

const engines = STORE_ENGINES;

for (const { name, skip, dialect, open } of engines)
  describe.skipIf(Boolean(skip))(`object store on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let objects: ObjectStore;
    let db: Kysely<any>;
    let drop: () => Promise<void>;

    beforeEach(async () => {
      ({ db, drop } = await open());
      await createObjectTables(db, dialect);
      await createObjectTables(db, dialect); // creating twice is harmless (every start does it)
      objects = createSqlObjectStore(db, dialect);
    });
    afterEach(async () => {
      await db.destroy();
      await drop();
    });

    it('stores an object and reads it back exactly', async () => {
      expect(await objects.put(object('public/cat.png'))).toBeUndefined();
      expect(await objects.get('photos-bucket', 'public/cat.png')).toEqual(object('public/cat.png'));
      expect(await objects.get('photos-bucket', 'public/dog.png')).toBeUndefined();
      expect(await objects.get('other-bucket', 'public/cat.png')).toBeUndefined();
    });

    it('a put over an existing key replaces it and returns the old record', async () => {
      await objects.put(object('k', { blobId: 'old', metadata: {} }));
      const replaced = await objects.put(object('k', { blobId: 'new', size: 3 }));
      expect(replaced?.blobId).toBe('old');
      expect(await objects.get('photos-bucket', 'k')).toMatchObject({ blobId: 'new', size: 3 });
    });

    it('delete returns the removed record, and nothing for a missing key', async () => {
      await objects.put(object('k'));
      expect(await objects.delete('photos-bucket', 'k')).toEqual(object('k'));
      expect(await objects.get('photos-bucket', 'k')).toBeUndefined();
      expect(await objects.delete('photos-bucket', 'k')).toBeUndefined();
    });

    const keys = ['a', 'B', 'a/b/c', 'a/b', 'a%', 'a_', 'ab', 'a b', 'é', 'z', '\u{1F600}', '\uFFFD', 'ｚ', '中文/文件', 'a\u00a0'];

    it('lists keys in UTF-8 byte order, as S3 does', async () => {
      for (const k of keys) await objects.put(object(k));
      await objects.put(object('a', { bucket: 'other-bucket' }));
      const listed = await objects.list('photos-bucket', { prefix: '', limit: 100 });
      expect(listed.map((o) => o.key)).toEqual(byteOrder(keys));
      // an emoji (4 UTF-8 bytes) sorts after U+FFFD (3 bytes), unlike JavaScript's string order
      expect(listed.at(-1)?.key).toBe('\u{1F600}');
    });

    it('a prefix matches literally: % and _ are not wildcards', async () => {
      for (const k of keys) await objects.put(object(k));
      const list = async (prefix: string) => (await objects.list('photos-bucket', { prefix, limit: 100 })).map((o) => o.key);
      expect(await list('a_')).toEqual(['a_']);
      expect(await list('a%')).toEqual(['a%']);
      expect(await list('a/')).toEqual(['a/b', 'a/b/c']);
      expect(await list('a')).toEqual(byteOrder(keys.filter((k) => k.startsWith('a'))));
      expect(await list('中文/')).toEqual(['中文/文件']);
      expect(await list('\u{1F600}')).toEqual(['\u{1F600}']);
      expect(await list('nothing')).toEqual([]);
    });

    it('pages with `after` and `limit` through every key once', async () => {
      for (const k of keys) await objects.put(object(k));
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await objects.list('photos-bucket', { prefix: '', limit: 4, ...(after !== undefined ? { after } : {}) });
        seen.push(...page.map((o) => o.key));
        if (page.length < 4) break;
        after = page.at(-1)?.key;
      }
      expect(seen).toEqual(byteOrder(keys));
      const afterPrefix = await objects.list('photos-bucket', { prefix: 'a/', after: 'a/b', limit: 10 });
      expect(afterPrefix.map((o) => o.key)).toEqual(['a/b/c']);
      // `after` below the prefix starts at the prefix
      expect((await objects.list('photos-bucket', { prefix: 'a/', after: '0', limit: 10 })).map((o) => o.key)).toEqual(['a/b', 'a/b/c']);
    });

    it('concurrent puts of one key report each replaced blob to exactly one writer', async () => {
      const ids = Array.from({ length: 12 }, (_, i) => `blob-${i}`);
      const replaced = await Promise.all(ids.map((blobId) => objects.put(object('hot', { blobId }))));
      const final = (await objects.get('photos-bucket', 'hot'))?.blobId;
      const accounted = [...replaced.flatMap((r) => (r ? [r.blobId] : [])), final];
      // every blob is either current or was handed back once for deletion: none is orphaned
      expect(accounted.sort()).toEqual([...ids].sort());
    });

    it('keeps multipart uploads and their parts', async () => {
      await objects.createUpload(upload('u1'));
      expect(await objects.getUpload('u1')).toEqual(upload('u1'));
      expect(await objects.getUpload('u2')).toBeUndefined();
      for (const n of [3, 1, 2, 10]) expect(await objects.putPart(part('u1', n))).toBeUndefined();
      const replaced = await objects.putPart(part('u1', 2, { blobId: 'part-2-again' }));
      expect(replaced?.blobId).toBe('part-2');
      expect((await objects.listParts('u1')).map((p) => [p.partNumber, p.blobId])).toEqual([
        [1, 'part-1'],
        [2, 'part-2-again'],
        [3, 'part-3'],
        [10, 'part-10'],
      ]);
      expect((await objects.listParts('u1', { after: 1, limit: 2 })).map((p) => p.partNumber)).toEqual([2, 3]);
      expect((await objects.listParts('u1'))[0]).toEqual(part('u1', 1));
    });

    it('deleteUpload removes the upload and returns its parts', async () => {
      await objects.createUpload(upload('u1'));
      await objects.createUpload(upload('u2'));
      await objects.putPart(part('u1', 1));
      await objects.putPart(part('u1', 2));
      await objects.putPart(part('u2', 1, { blobId: 'other' }));
      expect((await objects.deleteUpload('u1')).map((p) => p.blobId)).toEqual(['part-1', 'part-2']);
      expect(await objects.getUpload('u1')).toBeUndefined();
      expect(await objects.listParts('u1')).toEqual([]);
      expect((await objects.listParts('u2')).map((p) => p.blobId)).toEqual(['other']);
    });

    it('completeUpload writes the object and removes the upload in one step', async () => {
      await objects.put(object('big.bin', { blobId: 'previous' }));
      await objects.createUpload(upload('u1'));
      await objects.putPart(part('u1', 1));
      await objects.putPart(part('u1', 2));
      const done = await objects.completeUpload('u1', object('big.bin', { blobId: 'joined', etag: '"abc-2"' }));
      expect(done.replaced?.blobId).toBe('previous');
      expect(done.parts.map((p) => p.blobId)).toEqual(['part-1', 'part-2']);
      expect(await objects.get('photos-bucket', 'big.bin')).toMatchObject({ blobId: 'joined', etag: '"abc-2"' });
      expect(await objects.getUpload('u1')).toBeUndefined();
      expect(await objects.listParts('u1')).toEqual([]);
      await expect(objects.completeUpload('u1', object('big.bin', { blobId: 'twice' }))).rejects.toMatchObject({ code: 'NoSuchUpload' });
      expect((await objects.get('photos-bucket', 'big.bin'))?.blobId).toBe('joined');
    });

    it('a completeUpload that fails changes nothing', async () => {
      await objects.createUpload(upload('u1'));
      await objects.putPart(part('u1', 1));
      // a record the database refuses (no content type) fails after the upload rows were removed
      const bad = object('big.bin', { contentType: null as unknown as string });
      await expect(objects.completeUpload('u1', bad)).rejects.toThrow();
      expect(await objects.getUpload('u1')).toEqual(upload('u1'));
      expect((await objects.listParts('u1')).map((p) => p.blobId)).toEqual(['part-1']);
      expect(await objects.get('photos-bucket', 'big.bin')).toBeUndefined();
    });

    it('of two racing completions of one upload, exactly one wins', async () => {
      await objects.createUpload(upload('u1'));
      await objects.putPart(part('u1', 1));
      const results = await Promise.allSettled([
        objects.completeUpload('u1', object('big.bin', { blobId: 'first' })),
        objects.completeUpload('u1', object('big.bin', { blobId: 'second' })),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const winner = results[0]?.status === 'fulfilled' ? 'first' : 'second';
      expect((await objects.get('photos-bucket', 'big.bin'))?.blobId).toBe(winner);
    });
  });

describe('prefixUpperBound', () => {
  it('is the prefix with its last code point raised', () => {
    expect(prefixUpperBound('photos/')).toBe('photos0');
    expect(prefixUpperBound('a\u{1F600}')).toBe('a\u{1F601}');
    expect(prefixUpperBound('a\u{D7FF}')).toBe('a\u{E000}');
    expect(prefixUpperBound('a\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('\u{10FFFF}')).toBeUndefined();
    expect(prefixUpperBound('')).toBeUndefined();
  });
});
