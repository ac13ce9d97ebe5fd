/**
 * The storage service over a throw-away SQLite file and directory blob store, for tests of its
 * write and read order: either store can be wrapped to watch or delay what the service does.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type Database, type ObjectStore, openDatabase } from '../../src/db/index.js';
import type { StorageBucketIR } from '../../src/ir/types.js';
import { checkStorageAccess } from '../../src/storage/access.js';
import { createDirectoryBlobStore } from '../../src/storage/blobs/index.js';
import { createStorageService, type StorageService } from '../../src/storage/storage-service.js';
import type { BlobStore, StorageCaller } from '../../src/storage/types.js';
import { randomIds } from '../../src/util/ids.js';
import { silentLogger } from '../../src/util/logger.js';

export const admin: StorageCaller = { kind: 'admin' };
export const BUCKET = 'files-bucket';

const bucketIR: StorageBucketIR = {
  name: 'files',
  bucketName: BUCKET,
  isDefault: true,
  paths: [],
  triggers: {},
  definedIn: 'amplify/storage/resource.ts',
};

export interface TempStorage {
  storage: StorageService;
  db: Database;
  /** PUTs `body` to `key` as the admin caller */
  put(key: string, body: string): ReturnType<StorageService['putObject']>;
  close(): Promise<void>;
}

export async function tempStorage(
  wrap: { blobs?: (b: BlobStore) => BlobStore; objects?: (o: ObjectStore) => ObjectStore } = {},
): Promise<TempStorage> {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-storage-'));
  const db = await openDatabase({ sqliteFile: join(dir, 'data.sqlite') });
  await db.migrate([]);
  const blobs = await createDirectoryBlobStore({ directory: join(dir, 'blobs') });
  const storage = createStorageService({
    ir: { buckets: [bucketIR] },
    objects: wrap.objects?.(db.objects) ?? db.objects,
    blobs: wrap.blobs?.(blobs) ?? blobs,
    access: checkStorageAccess,
    clock: { now: () => Date.now() },
    ids: randomIds,
    region: 'us-east-1',
    tokenKey: randomBytes(32),
    logger: silentLogger,
  });
  return {
    storage,
    db,
    put: (key, body) => storage.putObject({ caller: admin, bucket: BUCKET, key, body: Readable.from([Buffer.from(body)]) }),
    async close() {
      await blobs.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
