/**
 * Storage trigger events commit with the object write that caused them (architecture decision 12):
 * put, delete and completeUpload write their invocation rows in the object row's transaction, so
 * both are there or neither is. On SQLite, and on PostgreSQL when HEARTH_TEST_DATABASE_URL is set.
 */
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES } from '../../../test/support/pg-schema.js';
import type { InvocationRecord, InvocationStore, ObjectRecord, ObjectStore } from '../ports.js';
import { createInvocationTables, createSqlInvocationStore } from './invocation-store.js';
import { createObjectTables, createSqlObjectStore } from './object-store.js';

const T0 = 1_700_000_000_000;

const object = (key: string, blobId = `blob-${key}`): ObjectRecord => ({
  bucket: 'photos-bucket',
  key,
  blobId,
  size: 3,
  etag: '"0123456789abcdef0123456789abcdef"',
  contentType: 'image/png',
  metadata: {},
  headers: {},
  writer: 'admin',
  lastModified: T0,
});

const event = (id: string, key: string, eventName = 'ObjectCreated:Put'): InvocationRecord => ({
  id,
  functionName: eventName.startsWith('ObjectCreated') ? 'onUpload' : 'onDelete',
  source: `s3:${eventName}`,
  event: { Records: [{ eventName, s3: { object: { key } } }] },
  status: 'pending',
  attempts: 0,
  maxAttempts: 3,
  createdAt: T0,
  updatedAt: T0,
  nextAttemptAt: T0,
});

for (const { name, skip, dialect, open } of STORE_ENGINES)
  describe.skipIf(Boolean(skip))(`object writes with their trigger events on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let objects: ObjectStore;
    let invocations: InvocationStore;
    let db: Kysely<any>;
    let drop: () => Promise<void>;
    const queued = async () => (await invocations.due(T0, 100)).sort();

    beforeEach(async () => {
      ({ db, drop } = await open());
      await createObjectTables(db, dialect);
      await createInvocationTables(db, dialect);
      objects = createSqlObjectStore(db, dialect);
      invocations = createSqlInvocationStore(db, dialect);
    });
    afterEach(async () => {
      await db.destroy();
      await drop();
    });

    it('a put writes its events with the object row, due at once', async () => {
      await objects.put(object('public/cat.png'), [event('e1', 'public/cat.png')]);
      expect(await objects.get('photos-bucket', 'public/cat.png')).toBeDefined();
      expect(await queued()).toEqual(['e1']);
      expect(await invocations.get('e1')).toEqual(event('e1', 'public/cat.png'));
    });

    it('a put whose event cannot be written leaves no object row: neither or both', async () => {
      await invocations.add(event('taken', 'elsewhere'));
      await objects.put(object('public/dog.png', 'old'));
      await expect(objects.put(object('public/dog.png', 'new'), [event('taken', 'public/dog.png')])).rejects.toThrow();
      expect((await objects.get('photos-bucket', 'public/dog.png'))?.blobId).toBe('old');
      await expect(objects.put(object('public/new.png'), [event('taken', 'public/new.png')])).rejects.toThrow();
      expect(await objects.get('photos-bucket', 'public/new.png')).toBeUndefined();
    });

    it('a delete writes its events only when it removed a row, and rolls back with them', async () => {
      expect(await objects.delete('photos-bucket', 'never-there', [event('d0', 'never-there', 'ObjectRemoved:Delete')])).toBeUndefined();
      expect(await invocations.get('d0')).toBeUndefined();
      await objects.put(object('k'));
      expect(await objects.delete('photos-bucket', 'k', [event('d1', 'k', 'ObjectRemoved:Delete')])).toMatchObject({ key: 'k' });
      expect(await queued()).toEqual(['d1']);
      await objects.put(object('k2'));
      await expect(objects.delete('photos-bucket', 'k2', [event('d1', 'k2', 'ObjectRemoved:Delete')])).rejects.toThrow();
      expect(await objects.get('photos-bucket', 'k2')).toBeDefined();
    });

    it('completeUpload writes its events with the object row; a failed completion writes none', async () => {
      const upload = {
        uploadId: 'u1',
        bucket: 'photos-bucket',
        key: 'big.bin',
        contentType: 'x',
        metadata: {},
        headers: {},
        writer: 'admin',
        initiated: T0,
      };
      await objects.createUpload(upload);
      await invocations.add(event('taken', 'elsewhere'));
      await expect(objects.completeUpload('u1', object('big.bin'), [event('taken', 'big.bin')])).rejects.toThrow();
      expect(await objects.getUpload('u1')).toBeDefined();
      expect(await objects.get('photos-bucket', 'big.bin')).toBeUndefined();
      await objects.completeUpload('u1', object('big.bin'), [event('c1', 'big.bin', 'ObjectCreated:CompleteMultipartUpload')]);
      expect(await objects.get('photos-bucket', 'big.bin')).toBeDefined();
      expect(await queued()).toEqual(['c1', 'taken']);
      await expect(objects.completeUpload('u1', object('big.bin'), [event('c2', 'big.bin')])).rejects.toMatchObject({
        code: 'NoSuchUpload',
      });
      expect(await invocations.get('c2')).toBeUndefined();
    });
  });
