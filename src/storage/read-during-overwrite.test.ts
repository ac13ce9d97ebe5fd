/**
 * A read that overlaps an overwrite of the same key: the overwrite deletes the blob the read was
 * about to open. S3 answers such a read with one of the two versions; so must Hearth, never with
 * NoSuchKey for a key that exists before and after (found by the crash test's concurrent readers).
 */
import type { Readable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { admin, BUCKET as bucket, type TempStorage, tempStorage } from '../../test/support/temp-storage.js';

let t: TempStorage | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A storage service whose blob reads and copies wait at a gate the test closes and opens. */
async function gatedStorage() {
  let gate: Promise<void> | undefined;
  let reached: () => void = () => {};
  const atGate = new Promise<void>((r) => (reached = r));
  let open: () => void = () => {};
  const wait = async () => {
    if (!gate) return;
    reached();
    await gate;
  };
  t = await tempStorage({
    blobs: (blobs) => ({
      ...blobs,
      read: async (id, range) => {
        await wait();
        return blobs.read(id, range);
      },
      concat: async (ids) => {
        await wait();
        return blobs.concat(ids);
      },
    }),
  });
  const close = () => {
    gate = new Promise((r) => (open = r));
  };
  return { storage: t.storage, put: t.put, close, atGate, open: () => open() };
}

const text = async (body: Readable) => Buffer.concat(await body.toArray()).toString();
const blobDeleted = () => new Promise((r) => setTimeout(r, 30));

it('a GET overlapping an overwrite answers the new version, not NoSuchKey', async () => {
  const s = await gatedStorage();
  await s.put('a.txt', 'v1');
  s.close();
  const get = s.storage.getObject({ caller: admin, bucket, key: 'a.txt' });
  await s.atGate;
  await s.put('a.txt', 'v2');
  await blobDeleted();
  s.open();
  const got = await get;
  expect(await text(got.body)).toBe('v2');
  expect(got.object.size).toBe(2);
});

it('a CopyObject overlapping an overwrite of its source copies the new version', async () => {
  const s = await gatedStorage();
  await s.put('src.txt', 'first');
  s.close();
  const copy = s.storage.copyObject({ caller: admin, bucket, key: 'dst.txt', source: { bucket, key: 'src.txt' } });
  await s.atGate;
  await s.put('src.txt', 'second');
  await blobDeleted();
  s.open();
  await copy;
  const got = await s.storage.getObject({ caller: admin, bucket, key: 'dst.txt' });
  expect(await text(got.body)).toBe('second');
});

it('a GET overlapping a delete still answers NoSuchKey', async () => {
  const s = await gatedStorage();
  await s.put('gone.txt', 'bytes');
  s.close();
  const get = s.storage.getObject({ caller: admin, bucket, key: 'gone.txt' });
  await s.atGate;
  await s.storage.deleteObject({ caller: admin, bucket, key: 'gone.txt' });
  await blobDeleted();
  s.open();
  await expect(get).rejects.toMatchObject({ code: 'NoSuchKey' });
});
