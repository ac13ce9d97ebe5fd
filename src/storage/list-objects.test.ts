/**
 * ListObjectsV2 paging, held to a plain model: for any keys, prefix, delimiter and page size, the
 * pages read one after another give exactly the sorted keys and rolled-up prefixes, each once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/index.js';
import { randomIds } from '../util/ids.js';
import { silentLogger } from '../util/logger.js';
import { checkStorageAccess } from './access.js';
import { createStorageService } from './storage-service.js';
import type { BlobStore } from './types.js';

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-list-'));
  db = await openDatabase({ sqliteFile: join(dir, 'data.sqlite') });
  await db.migrate([]);
});
afterAll(async () => {
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

/** what S3 answers across all pages: keys without the delimiter after the prefix, and the prefixes */
function model(keys: string[], prefix: string, delimiter: string): string[] {
  const out = new Set<string>();
  for (const k of [...keys].sort()) {
    if (!k.startsWith(prefix)) continue;
    const cut = delimiter ? k.indexOf(delimiter, prefix.length) : -1;
    out.add(cut === -1 ? k : `${k.slice(0, cut + delimiter.length)} (prefix)`);
  }
  return [...out].sort();
}

it('pages through exactly the model’s keys and common prefixes', async () => {
  let run = 0;
  const key = fc.stringMatching(/^[ab/]{1,6}$/);
  await fc.assert(
    fc.asyncProperty(
      fc.uniqueArray(key, { maxLength: 25 }),
      fc.constantFrom('', 'a', 'a/', 'b'),
      fc.constantFrom('', '/', 'b'),
      fc.integer({ min: 1, max: 4 }),
      async (keys, prefix, delimiter, maxKeys) => {
        const bucketName = `b${run++}`;
        for (const k of keys)
          await db.objects.put({
            bucket: bucketName,
            key: k,
            blobId: 'x',
            size: 0,
            etag: '""',
            contentType: 'x',
            metadata: {},
            headers: {},
            writer: 'w',
            lastModified: 0,
          });
        const storage = createStorageService({
          ir: { buckets: [{ name: bucketName, bucketName, isDefault: true, paths: [], triggers: {}, definedIn: 'x' }] },
          objects: db.objects,
          blobs: {} as BlobStore,
          access: checkStorageAccess,
          clock: { now: () => 0 },
          ids: randomIds,
          region: 'us-east-1',
          tokenKey: randomBytes(32),
          logger: silentLogger,
        });
        const seen: string[] = [];
        let token: string | undefined;
        for (let pages = 0; pages < 100; pages++) {
          const p = await storage.listObjects({
            caller: { kind: 'admin' },
            bucket: bucketName,
            prefix,
            delimiter,
            maxKeys,
            continuationToken: token,
          });
          expect(p.objects.length + p.commonPrefixes.length).toBeLessThanOrEqual(maxKeys);
          seen.push(...p.objects.map((o) => o.key), ...p.commonPrefixes.map((c) => `${c} (prefix)`));
          token = p.nextContinuationToken;
          if (!p.isTruncated) break;
        }
        expect(seen.sort()).toEqual(model(keys, prefix, delimiter));
      },
    ),
    { numRuns: 60 },
  );
});
