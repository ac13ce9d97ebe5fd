/**
 * For this folder's tests: the S3 endpoint over a real listener on port 0, with the real storage
 * service, SQLite object store, directory blob store and path rules, and an adjustable clock.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { createCredentialIssuer } from '../../src/auth/credentials.js';
import type { IamPrincipal } from '../../src/auth/types.js';
import { openDatabase } from '../../src/db/index.js';
import type { StorageBucketIR } from '../../src/ir/types.js';
import { createS3Handler } from '../../src/protocols/s3/create-s3-handler.js';
import { checkStorageAccess } from '../../src/storage/access.js';
import { createDirectoryBlobStore } from '../../src/storage/blobs/index.js';
import { createStorageService, type StorageLimits, type TriggerRunner } from '../../src/storage/index.js';
import { randomIds } from '../../src/util/ids.js';
import { createLogger } from '../../src/util/logger.js';

export const REGION = 'us-east-1';
export const BUCKET = 'hearth-test-files';

export const testBucket: StorageBucketIR = {
  name: 'testFiles',
  bucketName: BUCKET,
  isDefault: true,
  definedIn: 'amplify/storage/resource.ts',
  triggers: { onUpload: 'onUpload', onDelete: 'onDelete' },
  paths: [
    {
      path: 'public/*',
      grants: [
        { principal: { kind: 'guest' }, actions: ['get', 'list', 'write', 'delete'] },
        { principal: { kind: 'authenticated' }, actions: ['get', 'list', 'write', 'delete'] },
      ],
    },
    { path: 'readonly/*', grants: [{ principal: { kind: 'guest' }, actions: ['get', 'list'] }] },
    { path: 'private/{entity_id}/*', grants: [{ principal: { kind: 'entity' }, actions: ['get', 'list', 'write', 'delete'] }] },
  ],
};

export async function startTestEndpoint(o: { triggers?: TriggerRunner; limits?: Partial<StorageLimits> } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-s3-'));
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  const db = await openDatabase({ sqliteFile: join(dir, 'data.sqlite') });
  await db.migrate([]);
  const blobs = await createDirectoryBlobStore({ directory: join(dir, 'blobs') });
  const issuer = createCredentialIssuer(randomBytes(32), clock);
  const logged: string[] = [];
  const logger = createLogger('test', (l) => logged.push(l));
  const storage = createStorageService({
    ir: { buckets: [testBucket] },
    objects: db.objects,
    blobs,
    access: checkStorageAccess,
    clock,
    ids: randomIds,
    region: REGION,
    tokenKey: randomBytes(32),
    triggers: o.triggers,
    logger,
    limits: o.limits,
  });
  const adminKey = { accessKeyId: 'HEARTHADMINKEY', secretAccessKey: 'admin-secret' };
  const handle = createS3Handler({ storage, region: REGION, clock, credentials: issuer, adminKey, logger });
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/s3`;
  const credentialsOf = (p: IamPrincipal) => {
    const c = issuer.issue(p, 3600);
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
      expiration: new Date(c.expiration),
    };
  };
  return {
    endpoint,
    clock,
    storage,
    logged,
    adminKey,
    credentialsOf,
    client(
      c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date },
      extra: Record<string, unknown> = {},
    ) {
      return new S3Client({ endpoint, forcePathStyle: true, region: REGION, credentials: c, maxAttempts: 1, ...extra });
    },
    guest(identityId = `${REGION}:guest-${randomIds.uuid()}`) {
      return credentialsOf({ kind: 'identity', identityId, authenticated: false });
    },
    user(identityId: string) {
      return credentialsOf({ kind: 'identity', identityId, authenticated: true });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await blobs.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type TestEndpoint = Awaited<ReturnType<typeof startTestEndpoint>>;
