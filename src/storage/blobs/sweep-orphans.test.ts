/**
 * The orphan sweep over the real metadata store (SQLite, and PostgreSQL when
 * HEARTH_TEST_DATABASE_URL is set) and the directory blob store: it removes exactly what no row
 * points at once it is old enough, aborts multipart uploads past their lifetime with their parts,
 * runs once per period across instances, and never touches a write in progress.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES } from '../../../test/support/pg-schema.js';
import type { ObjectStore } from '../../db/ports.js';
import { createObjectTables, createSqlObjectStore } from '../../db/sql/object-store.js';
import { type Logger, silentLogger } from '../../util/logger.js';
import type { BlobStore } from '../types.js';
import { createDirectoryBlobStore } from './directory-blob-store.js';
import { SWEEP_DEFAULTS, startOrphanSweeps, sweepOrphans } from './sweep-orphans.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const engines = STORE_ENGINES;

const row = (key: string, blobId: string) => ({
  bucket: 'b',
  key,
  blobId,
  size: 1,
  etag: '"x"',
  contentType: 'application/octet-stream',
  metadata: {},
  headers: {},
  writer: 'admin',
  lastModified: 0,
});

const upload = (uploadId: string, initiated: number) => ({
  uploadId,
  bucket: 'b',
  key: `big/${uploadId}`,
  contentType: 'application/octet-stream',
  metadata: {},
  headers: {},
  writer: 'admin',
  initiated,
});

for (const { name, skip, dialect, open } of engines)
  describe.skipIf(Boolean(skip))(`orphan sweep on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let db: Kysely<any>;
    let drop: () => Promise<void>;
    let objects: ObjectStore;
    let directory: string;
    let blobs: BlobStore;
    const now = Date.now();

    /** a blob whose bytes were last written `age` ms before now */
    const blob = async (age: number) => {
      const { blobId } = await blobs.write(Readable.from([Buffer.from(`bytes ${Math.random()}`)]), { maxBytes: 100 });
      const t = new Date(now - age);
      await utimes(join(directory, blobId.slice(0, 2), blobId), t, t);
      return blobId;
    };
    const exists = (blobId: string) => existsSync(join(directory, blobId.slice(0, 2), blobId));

    beforeEach(async () => {
      ({ db, drop } = await open());
      await createObjectTables(db, dialect);
      objects = createSqlObjectStore(db, dialect);
      directory = await mkdtemp(join(tmpdir(), 'hearth-sweep-'));
      blobs = await createDirectoryBlobStore({ directory });
    });
    afterEach(async () => {
      await db.destroy();
      await drop();
      await rm(directory, { recursive: true, force: true });
    });

    it('removes blobs no row points at once past the grace period, and nothing else', async () => {
      const [object, part, oldOrphan, youngOrphan] = [await blob(DAY), await blob(DAY), await blob(7 * HOUR), await blob(5 * HOUR)];
      await objects.put(row('kept.txt', object));
      await objects.createUpload(upload('u1', now - HOUR));
      await objects.putPart({ uploadId: 'u1', partNumber: 1, blobId: part, size: 1, etag: '"p"', lastModified: 0 });

      const r = await sweepOrphans({ rows: objects, blobs, now });
      expect(r).toEqual({ uploads: 0, parts: 0, orphans: 1, unfinished: 0 });
      expect([exists(object), exists(part), exists(oldOrphan), exists(youngOrphan)]).toEqual([true, true, false, true]);
      expect(SWEEP_DEFAULTS.graceMs).toBe(6 * HOUR);
    });

    it('aborts multipart uploads older than their lifetime (7 days by default) with their part blobs', async () => {
      const [oldPart1, oldPart2, youngPart] = [await blob(8 * DAY), await blob(8 * DAY), await blob(DAY)];
      await objects.createUpload(upload('old', now - 8 * DAY));
      await objects.putPart({ uploadId: 'old', partNumber: 1, blobId: oldPart1, size: 1, etag: '"p"', lastModified: 0 });
      await objects.putPart({ uploadId: 'old', partNumber: 2, blobId: oldPart2, size: 1, etag: '"p"', lastModified: 0 });
      await objects.createUpload(upload('young', now - 6 * DAY));
      await objects.putPart({ uploadId: 'young', partNumber: 1, blobId: youngPart, size: 1, etag: '"p"', lastModified: 0 });

      expect(await sweepOrphans({ rows: objects, blobs, now })).toEqual({ uploads: 1, parts: 2, orphans: 0, unfinished: 0 });
      expect(await objects.getUpload('old')).toBeUndefined();
      expect(await objects.getUpload('young')).toBeDefined();
      expect([exists(oldPart1), exists(oldPart2), exists(youngPart)]).toEqual([false, false, true]);
      // a shorter lifetime is an option
      expect(await sweepOrphans({ rows: objects, blobs, now, uploadTtlMs: 5 * DAY })).toMatchObject({ uploads: 1, parts: 1 });
    });

    it('removes temp files of writes abandoned long ago, never a write in progress', async () => {
      const temp = async (run: string, age: number) => {
        const path = join(directory, '.tmp', `${process.pid}-${run}-${'0'.repeat(32)}`);
        await writeFile(path, 'half an upload');
        await utimes(path, new Date(now - age), new Date(now - age));
      };
      await temp('0badc0de', DAY);
      await temp('0badbeef', 0);
      const body = new PassThrough();
      const writing = blobs.write(body, { maxBytes: 100 });
      body.write('in progress');
      await new Promise((r) => setTimeout(r, 20));
      const tmp = () => readdir(join(directory, '.tmp'));
      // a backend clock moved a day ahead does not age files: their age is on the wall clock
      expect((await sweepOrphans({ rows: objects, blobs, now: now + DAY, wallNow: now })).unfinished).toBe(1);
      expect(await tmp()).toHaveLength(2);
      // a day later on the wall clock too: the other abandoned file goes, this process's write stays
      expect((await sweepOrphans({ rows: objects, blobs, now: now + DAY })).unfinished).toBe(1);
      expect(await tmp()).toHaveLength(1);
      body.end();
      const { blobId } = await writing;
      expect(exists(blobId)).toBe(true);
      expect(await tmp()).toEqual([]);
    });

    it('runs once per period across instances sharing the database', async () => {
      const claim = (t: number) => objects.claimSweep('storage-orphans', { now: t, everyMs: HOUR });
      const racing = await Promise.all([claim(now), claim(now), claim(now)]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(await claim(now + HOUR - 1)).toBe(false);
      expect(await claim(now + HOUR)).toBe(true);
      expect(await objects.claimSweep('another-task', { now, everyMs: HOUR })).toBe(true);
    });

    it('startOrphanSweeps sweeps at start on one instance, logs what it removed, and stops', async () => {
      const orphan = await blob(7 * HOUR);
      const lines: string[] = [];
      const logger: Logger = { ...silentLogger, info: (m) => lines.push(m) };
      const a = startOrphanSweeps({ rows: objects, blobs, now: () => now, logger, firstAfterMs: 0 });
      const b = startOrphanSweeps({ rows: objects, blobs, now: () => now, logger, firstAfterMs: 0 });
      await new Promise((r) => setTimeout(r, 20));
      await Promise.all([a.idle(), b.idle()]);
      await Promise.all([a.stop(), b.stop()]);
      expect(exists(orphan)).toBe(false);
      expect(lines).toEqual([expect.stringMatching(/removed 1 blob\(s\) no object pointed at/)]);
    });
  });
