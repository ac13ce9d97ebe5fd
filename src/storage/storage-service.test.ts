/**
 * The crash-safe write order, observed on the real SQLite object store and directory blob store:
 * the blob is written before the row; a failed row commit leaves no blob behind; the replaced
 * object's blob goes only after the new row committed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { admin, BUCKET, type TempStorage, tempStorage } from '../../test/support/temp-storage.js';

describe('storage service write order', () => {
  let t: TempStorage | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function setup() {
    const events: string[] = [];
    let failPut = false;
    t = await tempStorage({
      blobs: (blobs) => ({
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
      }),
      objects: (objects) => ({
        ...objects,
        put: async (o) => {
          if (failPut) throw new Error('disk full');
          const replaced = await objects.put(o);
          events.push(`row ${o.key} -> ${o.blobId}`);
          return replaced;
        },
      }),
    });
    const { storage, put } = t;
    return {
      storage,
      events,
      put: (body: string) => put('a.txt', body),
      failNext: () => (failPut = true),
      succeed: () => (failPut = false),
    };
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
    const got = await s.storage.getObject({ caller: admin, bucket: BUCKET, key: 'a.txt' });
    expect(Buffer.concat(await got.body.toArray()).toString()).toBe('old');
  });
});
