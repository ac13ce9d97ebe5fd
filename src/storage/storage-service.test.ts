/**
 * The crash-safe write order, observed on the real SQLite object store and directory blob store:
 * the blob is written before the row; a failed row commit leaves no blob behind; the replaced
 * object's blob goes only after the new row committed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/index.js';
import { randomIds } from '../util/ids.js';
import { silentLogger } from '../util/logger.js';
import { checkStorageAccess } from './access.js';
import { createDirectoryBlobStore } from './blobs/index.js';
import { createStorageService } from './storage-service.js';
import type { BlobStore, StorageCaller } from './types.js';

const admin: StorageCaller = { kind: 'admin' };
const bucketIR = {
  name: 'files',
  bucketName: 'files-bucket',
  isDefault: true,
  paths: [],
  triggers: {},
  definedIn: 'amplify/storage/resource.ts',
};

describe('storage service write order', () => {
  let dir: string;
  let db: Database;
  let blobs: BlobStore;
  afterEach(async () => {
    await blobs?.close();
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function setup() {
    dir = await mkdtemp(join(tmpdir(), 'hearth-storage-'));
    db = await openDatabase({ sqliteFile: join(dir, 'data.sqlite') });
    await db.migrate([]);
    blobs = await createDirectoryBlobStore({ directory: join(dir, 'blobs') });
    const events: string[] = [];
    const watched: BlobStore = {
      ...blobs,
      write: async (body, o) => {
        const w = await blobs.write(body, o);
        events.push(`blob ${w.blobId} written`);
        return w;
      },
      delete: async (id) => {
        events.push(`blob ${id} deleted`);
        await blobs.delete(id);
      },
    };
    let failPut = false;
    const objects = {
      ...db.objects,
      put: async (o: Parameters<Database['objects']['put']>[0]) => {
        if (failPut) throw new Error('disk full');
        const replaced = await db.objects.put(o);
        events.push(`row ${o.key} -> ${o.blobId}`);
        return replaced;
      },
    };
    const storage = createStorageService({
      ir: { buckets: [bucketIR] },
      objects,
      blobs: watched,
      access: checkStorageAccess,
      clock: { now: () => Date.now() },
      ids: randomIds,
      region: 'us-east-1',
      tokenKey: randomBytes(32),
      logger: silentLogger,
    });
    const put = (body: string) =>
      storage.putObject({ caller: admin, bucket: 'files-bucket', key: 'a.txt', body: Readable.from([Buffer.from(body)]) });
    return { storage, events, put, failNext: () => (failPut = true), succeed: () => (failPut = false) };
  }

  const settle = () => new Promise((r) => setTimeout(r, 20));

  it('writes the blob, then the row, then deletes the replaced blob', async () => {
    const s = await setup();
    const first = await s.put('one');
    const second = await s.put('two');
    await settle();
    expect(s.events).toEqual([
      `blob ${first.blobId} written`,
      `row a.txt -> ${first.blobId}`,
      `blob ${second.blobId} written`,
      `row a.txt -> ${second.blobId}`,
      `blob ${first.blobId} deleted`,
    ]);
  });

  it('deletes the new blob when the row cannot be written, and the old object stays readable', async () => {
    const s = await setup();
    await s.put('old');
    s.failNext();
    await expect(s.put('new')).rejects.toThrow('disk full');
    s.succeed();
    await settle();
    const written = s.events.filter((e) => e.endsWith('written')).map((e) => e.split(' ')[1]);
    expect(s.events.at(-1)).toBe(`blob ${written[1]} deleted`);
    const got = await s.storage.getObject({ caller: admin, bucket: 'files-bucket', key: 'a.txt' });
    expect(Buffer.concat(await got.body.toArray()).toString()).toBe('old');
  });
});
