import { type Kysely, sql, type Transaction } from 'kysely';
import { HearthError } from '../../util/errors.js';
import type { InvocationRecord, MultipartUploadRecord, ObjectRecord, ObjectStore, UploadPartRecord } from '../ports.js';
import type { SqlDialect } from './dialect.js';
import { insertInvocations } from './invocation-store.js';

/**
 * File storage metadata: one row per object, one per multipart upload in progress, one per uploaded
 * part. Keys compare in byte order, as S3 lists them: UTF-8 bytes under PostgreSQL's "C" collation,
 * and SQLite's BINARY collation compares the same UTF-8 bytes.
 */
export async function createObjectTables(db: Kysely<any>, d: SqlDialect): Promise<void> {
  const keyType = d.engine === 'postgres' ? sql`text collate "C"` : sql`text`;
  const big = sql.raw(d.columnTypes.bigint);
  await db.schema
    .createTable('hearth_objects')
    .ifNotExists()
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('key', keyType, (c) => c.notNull())
    .addColumn('blob_id', 'text', (c) => c.notNull())
    .addColumn('size', big, (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('writer', 'text', (c) => c.notNull())
    .addColumn('last_modified', big, (c) => c.notNull())
    // the primary key is the list index: bucket, then key in byte order
    .addPrimaryKeyConstraint('hearth_objects_pk', ['bucket', 'key'])
    .execute();
  await db.schema
    .createTable('hearth_uploads')
    .ifNotExists()
    .addColumn('upload_id', 'text', (c) => c.primaryKey())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('key', keyType, (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('writer', 'text', (c) => c.notNull())
    .addColumn('initiated', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('hearth_upload_parts')
    .ifNotExists()
    .addColumn('upload_id', 'text', (c) => c.notNull())
    .addColumn('part_number', 'integer', (c) => c.notNull())
    .addColumn('blob_id', 'text', (c) => c.notNull())
    .addColumn('size', big, (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('last_modified', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('hearth_upload_parts_pk', ['upload_id', 'part_number'])
    .execute();
  await createSweepTables(db, big);
}

/** what the orphan sweep asks: which blobs rows point at, and when it last ran */
async function createSweepTables(db: Kysely<any>, big: ReturnType<typeof sql.raw>): Promise<void> {
  await db.schema.createIndex('hearth_objects_blob').ifNotExists().on('hearth_objects').column('blob_id').execute();
  await db.schema.createIndex('hearth_upload_parts_blob').ifNotExists().on('hearth_upload_parts').column('blob_id').execute();
  await db.schema
    .createTable('hearth_sweeps')
    .ifNotExists()
    .addColumn('task', 'text', (c) => c.primaryKey())
    .addColumn('last_run', big, (c) => c.notNull())
    .execute();
}

type Db = Kysely<any> | Transaction<any>;

/** an insert loses to a concurrent insert, then the row it lost to is deleted, … : never for long */
const MAX_UPSERT_ATTEMPTS = 5;

export function createSqlObjectStore(db: Kysely<any>, d: SqlDialect): ObjectStore {
  return { ...objectMethods(db, d), ...uploadMethods(db, d), ...sweepMethods(db, d) };
}

type SweepMethods = Pick<ObjectStore, 'unreferencedBlobs' | 'staleUploads' | 'claimSweep'>;

function sweepMethods(db: Kysely<any>, d: SqlDialect): SweepMethods {
  return {
    async unreferencedBlobs(blobIds) {
      if (blobIds.length === 0) return [];
      const rows = await db
        .selectFrom('hearth_objects')
        .select('blob_id')
        .where('blob_id', 'in', blobIds)
        .unionAll(db.selectFrom('hearth_upload_parts').select('blob_id').where('blob_id', 'in', blobIds))
        .execute();
      const used = new Set(rows.map((r) => r.blob_id as string));
      return blobIds.filter((id) => !used.has(id));
    },
    async staleUploads(o) {
      const rows = await db
        .selectFrom('hearth_uploads')
        .selectAll()
        .where('initiated', '<', o.initiatedBefore)
        .orderBy('initiated', 'asc')
        .limit(o.limit)
        .execute();
      return rows.map((r) => decodeUpload(d, r));
    },
    async claimSweep(task, o) {
      await db
        .insertInto('hearth_sweeps')
        .values({ task, last_run: 0 })
        .onConflict((c) => c.column('task').doNothing())
        .execute();
      // of racing claims, PostgreSQL re-checks the condition after the first commits: one wins
      const r = await db
        .updateTable('hearth_sweeps')
        .set({ last_run: o.now })
        .where('task', '=', task)
        .where('last_run', '<=', o.now - o.everyMs)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

function objectMethods(db: Kysely<any>, d: SqlDialect): Pick<ObjectStore, 'get' | 'put' | 'delete' | 'list'> {
  return {
    async get(bucket, key) {
      const r = await db.selectFrom('hearth_objects').selectAll().where('bucket', '=', bucket).where('key', '=', key).executeTakeFirst();
      return r ? decodeObject(d, r) : undefined;
    },
    put: (o, enqueue = []) =>
      db.transaction().execute(async (tx) => {
        const replaced = await upsertObject(tx, d, o);
        await insertInvocations(tx, enqueue);
        return replaced;
      }),
    delete: (bucket, key, enqueue = []) =>
      enqueue.length === 0 ? removeObject(db, d, { bucket, key }) : removeWithEvents(db, d, { bucket, key, enqueue }),
    async list(bucket, o) {
      const upper = prefixUpperBound(o.prefix);
      const rows = await db
        .selectFrom('hearth_objects')
        .selectAll()
        .where('bucket', '=', bucket)
        // a key range, not LIKE: it uses the primary key and has no wildcard characters to escape
        .$if(o.prefix !== '', (q) => q.where('key', '>=', o.prefix))
        .$if(upper !== undefined, (q) => q.where('key', '<', upper as string))
        .$if(o.after !== undefined, (q) => q.where('key', '>', o.after as string))
        .orderBy('key', 'asc')
        .limit(o.limit)
        .execute();
      return rows.map((r) => decodeObject(d, r));
    },
  };
}

type UploadMethods = Pick<ObjectStore, 'createUpload' | 'getUpload' | 'putPart' | 'listParts' | 'deleteUpload' | 'completeUpload'>;

function uploadMethods(db: Kysely<any>, d: SqlDialect): UploadMethods {
  return {
    async createUpload(u) {
      await db.insertInto('hearth_uploads').values(encodeUpload(u)).execute();
    },
    async getUpload(uploadId) {
      const r = await db.selectFrom('hearth_uploads').selectAll().where('upload_id', '=', uploadId).executeTakeFirst();
      return r ? decodeUpload(d, r) : undefined;
    },
    putPart: (p) => db.transaction().execute((tx) => upsertPart(tx, d, p)),
    async listParts(uploadId, o = {}) {
      const rows = await db
        .selectFrom('hearth_upload_parts')
        .selectAll()
        .where('upload_id', '=', uploadId)
        .$if(o.after !== undefined, (q) => q.where('part_number', '>', o.after as number))
        .orderBy('part_number', 'asc')
        .$if(o.limit !== undefined, (q) => q.limit(o.limit as number))
        .execute();
      return rows.map((r) => decodePart(d, r));
    },
    deleteUpload: (uploadId) =>
      db.transaction().execute(async (tx) => {
        await tx.deleteFrom('hearth_uploads').where('upload_id', '=', uploadId).execute();
        return removeParts(tx, d, uploadId);
      }),
    completeUpload: (uploadId, o, enqueue = []) =>
      db.transaction().execute(async (tx) => {
        // removing the upload row first locks it: of two racing completions, the second finds nothing
        const gone = await tx.deleteFrom('hearth_uploads').where('upload_id', '=', uploadId).executeTakeFirst();
        if (Number(gone.numDeletedRows) !== 1) throw new HearthError('NoSuchUpload', 'The specified upload does not exist.');
        const parts = await removeParts(tx, d, uploadId);
        const replaced = await upsertObject(tx, d, o);
        await insertInvocations(tx, enqueue);
        return replaced ? { replaced, parts } : { parts };
      }),
  };
}

async function removeObject(db: Db, d: SqlDialect, o: { bucket: string; key: string }): Promise<ObjectRecord | undefined> {
  const r = await db.deleteFrom('hearth_objects').where('bucket', '=', o.bucket).where('key', '=', o.key).returningAll().executeTakeFirst();
  return r ? decodeObject(d, r) : undefined;
}

/** a delete that removed a row commits its onDelete invocations with it; one that found none writes none */
function removeWithEvents(db: Kysely<any>, d: SqlDialect, o: { bucket: string; key: string; enqueue: InvocationRecord[] }) {
  return db.transaction().execute(async (tx) => {
    const removed = await removeObject(tx, d, o);
    if (removed) await insertInvocations(tx, o.enqueue);
    return removed;
  });
}

async function removeParts(tx: Db, d: SqlDialect, uploadId: string): Promise<UploadPartRecord[]> {
  const rows = await tx.deleteFrom('hearth_upload_parts').where('upload_id', '=', uploadId).returningAll().execute();
  return rows.map((r) => decodePart(d, r)).sort((a, b) => a.partNumber - b.partNumber);
}

/**
 * Inserts or replaces, returning the replaced row. The old row is read locked (PostgreSQL) before it
 * is overwritten, and an insert that loses a race to a concurrent insert retries as a replace, so
 * each replaced blob is reported to exactly one writer and none is orphaned.
 */
async function upsertObject(tx: Db, d: SqlDialect, o: ObjectRecord): Promise<ObjectRecord | undefined> {
  const row = encodeObject(o);
  for (let attempt = 0; attempt < MAX_UPSERT_ATTEMPTS; attempt++) {
    const old = await tx
      .selectFrom('hearth_objects')
      .selectAll()
      .where('bucket', '=', o.bucket)
      .where('key', '=', o.key)
      .$if(d.engine === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (old) {
      await tx.updateTable('hearth_objects').set(row).where('bucket', '=', o.bucket).where('key', '=', o.key).execute();
      return decodeObject(d, old);
    }
    const r = await tx
      .insertInto('hearth_objects')
      .values(row)
      .onConflict((c) => c.columns(['bucket', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows) === 1) return undefined;
  }
  throw new HearthError('Internal', 'An internal error occurred.', new Error(`object row ${o.bucket}/${o.key} kept changing`));
}

async function upsertPart(tx: Db, d: SqlDialect, p: UploadPartRecord): Promise<UploadPartRecord | undefined> {
  const row = {
    upload_id: p.uploadId,
    part_number: p.partNumber,
    blob_id: p.blobId,
    size: p.size,
    etag: p.etag,
    last_modified: p.lastModified,
  };
  for (let attempt = 0; attempt < MAX_UPSERT_ATTEMPTS; attempt++) {
    const old = await tx
      .selectFrom('hearth_upload_parts')
      .selectAll()
      .where('upload_id', '=', p.uploadId)
      .where('part_number', '=', p.partNumber)
      .$if(d.engine === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (old) {
      await tx
        .updateTable('hearth_upload_parts')
        .set(row)
        .where('upload_id', '=', p.uploadId)
        .where('part_number', '=', p.partNumber)
        .execute();
      return decodePart(d, old);
    }
    const r = await tx
      .insertInto('hearth_upload_parts')
      .values(row)
      .onConflict((c) => c.columns(['upload_id', 'part_number']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows) === 1) return undefined;
  }
  throw new HearthError('Internal', 'An internal error occurred.', new Error(`part row ${p.uploadId}/${p.partNumber} kept changing`));
}

/**
 * The least string above every string that starts with `prefix`, in code point order (which is
 * UTF-8 byte order): the prefix with its last code point raised by one. Undefined when there is none.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const cps = Array.from(prefix, (c) => c.codePointAt(0) as number);
  while (cps.length > 0) {
    const last = (cps.pop() as number) + 1;
    if (last <= 0x10ffff) {
      // surrogate code points are not characters: the next one is U+E000
      cps.push(last === 0xd800 ? 0xe000 : last);
      return String.fromCodePoint(...cps);
    }
  }
  return undefined;
}

const encodeObject = (o: ObjectRecord) => ({
  bucket: o.bucket,
  key: o.key,
  blob_id: o.blobId,
  size: o.size,
  etag: o.etag,
  content_type: o.contentType,
  metadata: JSON.stringify(o.metadata),
  headers: JSON.stringify(o.headers),
  writer: o.writer,
  last_modified: o.lastModified,
});

const decodeObject = (d: SqlDialect, r: Record<string, any>): ObjectRecord => ({
  bucket: r.bucket,
  key: r.key,
  blobId: r.blob_id,
  size: d.decodeBigint(r.size),
  etag: r.etag,
  contentType: r.content_type,
  metadata: JSON.parse(r.metadata),
  headers: JSON.parse(r.headers),
  writer: r.writer,
  lastModified: d.decodeBigint(r.last_modified),
});

const encodeUpload = (u: MultipartUploadRecord) => ({
  upload_id: u.uploadId,
  bucket: u.bucket,
  key: u.key,
  content_type: u.contentType,
  metadata: JSON.stringify(u.metadata),
  headers: JSON.stringify(u.headers),
  writer: u.writer,
  initiated: u.initiated,
});

const decodeUpload = (d: SqlDialect, r: Record<string, any>): MultipartUploadRecord => ({
  uploadId: r.upload_id,
  bucket: r.bucket,
  key: r.key,
  contentType: r.content_type,
  metadata: JSON.parse(r.metadata),
  headers: JSON.parse(r.headers),
  writer: r.writer,
  initiated: d.decodeBigint(r.initiated),
});

const decodePart = (d: SqlDialect, r: Record<string, any>): UploadPartRecord => ({
  uploadId: r.upload_id,
  partNumber: Number(r.part_number),
  blobId: r.blob_id,
  size: d.decodeBigint(r.size),
  etag: r.etag,
  lastModified: d.decodeBigint(r.last_modified),
});
