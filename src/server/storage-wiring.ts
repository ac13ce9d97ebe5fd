/**
 * File storage in the backend: the blob store (opened once, kept across reloads: a directory under
 * `.amplify/hearth/storage`, or HEARTH_STORAGE_URL's S3-compatible bucket), the storage service for
 * each IR, and the `/s3` route. Without defineStorage the route still answers, with NoSuchBucket.
 */
import { join } from 'node:path';
import type { CredentialIssuer } from '../auth/types.js';
import type { Database } from '../db/index.js';
import { type FunctionInvoker, type InvocationQueue, invocationSource } from '../functions/index.js';
import type { BackendIR } from '../ir/types.js';
import { stateDir } from '../project/hearth-paths.js';
import { createS3Handler, S3_PATH } from '../protocols/s3/index.js';
import { checkStorageAccess } from '../storage/access.js';
import { openBlobStore } from '../storage/blobs/index.js';
import { type OrphanSweeper, startOrphanSweeps } from '../storage/blobs/sweep-orphans.js';
import { type BlobStore, createStorageService, type StorageService, type TriggerRunner } from '../storage/index.js';
import type { Clock } from '../util/clock.js';
import type { Ids } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import type { RawRoute } from './http-server.js';

export { S3_PATH };

export interface StorageWiring {
  /** the blob store, opened on first use by a backend that defines storage */
  blobs(): Promise<BlobStore>;
  close(): Promise<void>;
}

/**
 * With the blob store comes the orphan sweep (blobs/sweep-orphans.ts): blobs no row points at and
 * stale multipart uploads go, once per period across every instance on the database.
 */
export function createStorageWiring(o: {
  projectRoot: string;
  url?: string;
  /** default `.amplify/hearth/storage` */
  directory?: string;
  db: Database;
  clock: Clock;
  logger: Logger;
}): StorageWiring {
  let opened: Promise<BlobStore> | undefined;
  let sweeper: OrphanSweeper | undefined;
  const open = async () => {
    const blobs = await openBlobStore({ url: o.url, directory: o.directory ?? join(stateDir(o.projectRoot), 'storage') });
    sweeper = startOrphanSweeps({ rows: o.db.objects, blobs, now: () => o.clock.now(), logger: o.logger.child('storage') });
    return blobs;
  };
  return {
    blobs: () => {
      opened ??= open();
      return opened;
    },
    close: async () => {
      await sweeper?.stop();
      if (opened) await (await opened).close();
    },
  };
}

export interface StorageRouteDeps {
  ir: BackendIR;
  wiring: StorageWiring;
  db: Database;
  credentials: CredentialIssuer;
  adminKey?: { accessKeyId: string; secretAccessKey: string };
  functions: FunctionInvoker;
  /** durable trigger events (functions/invocation-queue.ts); without it, triggers run once and failures are logged */
  invocations?: Pick<InvocationQueue, 'prepare' | 'runNow'>;
  clock: Clock;
  ids: Ids;
  tokenKey: Buffer;
  logger: Logger;
}

/** the storage service for this IR (undefined without defineStorage) and the `/s3` route serving it */
export async function storageRoute(d: StorageRouteDeps): Promise<{ storage?: StorageService; route: RawRoute }> {
  const logger = d.logger.child('storage');
  const storage = d.ir.storage
    ? createStorageService({
        ir: d.ir.storage,
        objects: d.db.objects,
        blobs: await d.wiring.blobs(),
        access: checkStorageAccess,
        clock: d.clock,
        ids: d.ids,
        region: d.ir.region,
        tokenKey: d.tokenKey,
        triggers: d.invocations ? queuedTriggers(d.invocations) : triggerRunner(d.functions, logger),
        logger,
      })
    : undefined;
  const handle = createS3Handler({
    storage,
    region: d.ir.region,
    clock: d.clock,
    credentials: d.credentials,
    adminKey: d.adminKey,
    logger,
  });
  return { storage, route: { prefix: S3_PATH, handle } };
}

/** S3 invokes triggers asynchronously; a failure is logged with its event, never dropped silently */
function triggerRunner(functions: FunctionInvoker, logger: Logger): TriggerRunner {
  return {
    async invoke(name, event) {
      const r = await functions.invoke(name, event);
      return r.ok ? { ok: true } : { ok: false, message: r.kind === 'error' ? `${r.errorType}: ${r.errorMessage}` : r.errorMessage };
    },
    onFailure: (name, event, message) => logger.error(`storage trigger ${name} failed: ${message}; event: ${JSON.stringify(event)}`),
  };
}

/**
 * S3 invokes triggers asynchronously, and so does the queue: each event's row is written by the
 * ObjectStore in the object row's transaction (a crash loses neither or both), run at once after the
 * commit, retried like Lambda's async invocations, and kept as failed for `hearth triggers list|retry`.
 * A row whose first run never happened (the process died after the commit) is run by the queue's
 * poll on any instance.
 */
function queuedTriggers(queue: Pick<InvocationQueue, 'prepare' | 'runNow'>): TriggerRunner {
  return {
    invoke: () => Promise.reject(new Error('durable storage triggers run through the queue')),
    onFailure: () => {}, // the queue logs and records failures
    durable: {
      prepare: (name, event) => queue.prepare(name, invocationSource(event), event),
      run: async (record) => {
        await queue.runNow(record.id);
      },
    },
  };
}
