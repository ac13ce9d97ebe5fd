/**
 * DynamoDB streams of model tables (architecture decision 12): a write to a streamed table appends
 * its stream record in the same transaction as the row, so a crash loses none. Each table is one
 * shard: `hearth_stream_shards` numbers its records, and taking the next number locks the shard row
 * until commit, so numbers follow commit order and a reader never sees a gap filled in later.
 * Each mapping's position (`hearth_stream_positions`) is leased by one instance per attempt.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { ModelIR } from '../../ir/types.js';
import type { DynamoItem, RecordStore, Row, StreamPosition, StreamRecord, StreamStore } from '../ports.js';
import type { SqlDialect } from './dialect.js';
import { encodeInvocation, INVOCATIONS_TABLE } from './invocation-store.js';
import { createSqlRecordStore } from './record-store.js';
import { dynamoImage, dynamoKeys } from './stream-image.js';

const SHARDS = 'hearth_stream_shards';
const RECORDS = 'hearth_stream_records';
const POSITIONS = 'hearth_stream_positions';

export async function createStreamTables(db: Kysely<any>, d: SqlDialect): Promise<void> {
  const big = sql.raw(d.columnTypes.bigint);
  const int = sql.raw(d.columnTypes.integer);
  await db.schema
    .createTable(SHARDS)
    .ifNotExists()
    .addColumn('table_name', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable(RECORDS)
    .ifNotExists()
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('seq', big, (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('new_image', 'text')
    .addColumn('old_image', 'text')
    .addColumn('size_bytes', int, (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint(`${RECORDS}_pk`, ['table_name', 'seq'])
    .execute();
  await db.schema.createIndex(`${RECORDS}_created`).ifNotExists().on(RECORDS).column('created_at').execute();
  await db.schema
    .createTable(POSITIONS)
    .ifNotExists()
    .addColumn('mapping_id', 'text', (c) => c.primaryKey())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('checkpoint', big, (c) => c.notNull())
    .addColumn('attempts', int, (c) => c.notNull())
    .addColumn('next_attempt_at', big, (c) => c.notNull())
    .addColumn('lease_until', big, (c) => c.notNull())
    .addColumn('failure_id', 'text')
    .execute();
}

/**
 * The record store with streams: writes to a `streamed` model run in a transaction that first
 * takes the shard's next number, then writes the row, then appends its stream record (the old
 * image read under the shard lock, so it is the row this write replaced). Other models' writes
 * are the plain store's, untouched.
 */
export function streamingRecordStore(db: Kysely<any>, d: SqlDialect, plain: RecordStore): RecordStore {
  const write = (model: ModelIR, run: (tx: RecordStore) => Promise<{ event: StreamRecord['eventName']; old?: Row; row: Row }>) =>
    db.transaction().execute(async (tx) => {
      const seq = await nextSeq(tx, model.tableName);
      const w = await run(createSqlRecordStore(tx, d));
      await appendRecord(tx, model, { seq, ...w });
      return w.row;
    });
  return {
    get: plain.get,
    list: plain.list,
    insert: (model, row) =>
      model.streamed ? write(model, async (s) => ({ event: 'INSERT', row: await s.insert(model, row) })) : plain.insert(model, row),
    update: (model, key, patch, condition) =>
      model.streamed
        ? write(model, async (s) => {
            const old = await s.get(model, key);
            return { event: 'MODIFY', old, row: await s.update(model, key, patch, condition) };
          })
        : plain.update(model, key, patch, condition),
    delete: (model, key, condition) =>
      model.streamed
        ? write(model, async (s) => {
            const old = await s.delete(model, key, condition);
            return { event: 'REMOVE', old, row: old };
          })
        : plain.delete(model, key, condition),
  };
}

async function nextSeq(tx: Transaction<any>, tableName: string): Promise<number> {
  const r = await tx
    .insertInto(SHARDS)
    .values({ table_name: tableName, last_seq: 1 })
    .onConflict((oc) => oc.column('table_name').doUpdateSet({ last_seq: sql`${sql.ref(`${SHARDS}.last_seq`)} + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(r.last_seq);
}

async function appendRecord(
  tx: Transaction<any>,
  model: ModelIR,
  w: { seq: number; event: StreamRecord['eventName']; old?: Row; row: Row },
): Promise<void> {
  const keys = dynamoKeys(model, w.row);
  const newImage = w.event === 'REMOVE' ? undefined : dynamoImage(model, w.row);
  const oldImage = w.old && w.event !== 'INSERT' ? dynamoImage(model, w.old) : undefined;
  const json = (v: DynamoItem | undefined) => (v ? JSON.stringify(v) : null);
  const [k, n, o] = [JSON.stringify(keys), json(newImage), json(oldImage)];
  await tx
    .insertInto(RECORDS)
    .values({
      table_name: model.tableName,
      seq: w.seq,
      event_name: w.event,
      keys: k,
      new_image: n,
      old_image: o,
      // the record's size as DynamoDB counts it is its keys and images; their JSON is near enough
      size_bytes: Buffer.byteLength(k) + Buffer.byteLength(n ?? '') + Buffer.byteLength(o ?? ''),
      created_at: Date.now(),
    })
    .execute();
}

function decodeRecord(d: SqlDialect, r: Record<string, any>): StreamRecord {
  return {
    tableName: r.table_name,
    seq: d.decodeBigint(r.seq),
    eventName: r.event_name,
    keys: JSON.parse(r.keys),
    ...(r.new_image != null && { newImage: JSON.parse(r.new_image) }),
    ...(r.old_image != null && { oldImage: JSON.parse(r.old_image) }),
    sizeBytes: Number(r.size_bytes),
    createdAt: d.decodeBigint(r.created_at),
  };
}

function decodePosition(d: SqlDialect, r: Record<string, any>): StreamPosition {
  return {
    mappingId: r.mapping_id,
    tableName: r.table_name,
    checkpoint: d.decodeBigint(r.checkpoint),
    attempts: Number(r.attempts),
    nextAttemptAt: d.decodeBigint(r.next_attempt_at),
    ...(r.failure_id != null && { failureId: r.failure_id }),
  };
}

export function createSqlStreamStore(db: Kysely<any>, d: SqlDialect): StreamStore {
  return {
    async open(mappingId, tableName, start) {
      const last = await db.selectFrom(SHARDS).select('last_seq').where('table_name', '=', tableName).executeTakeFirst();
      const checkpoint = start === 'LATEST' && last ? d.decodeBigint(last.last_seq) : 0;
      await db
        .insertInto(POSITIONS)
        .values({ mapping_id: mappingId, table_name: tableName, checkpoint, attempts: 0, next_attempt_at: 0, lease_until: 0 })
        .onConflict((oc) => oc.column('mapping_id').doNothing())
        .execute();
    },
    async peek(mappingId, now, limit) {
      const p = await db.selectFrom(POSITIONS).selectAll().where('mapping_id', '=', mappingId).executeTakeFirst();
      if (!p || d.decodeBigint(p.lease_until) > now || d.decodeBigint(p.next_attempt_at) > now) return undefined;
      const position = decodePosition(d, p);
      const rows = await db
        .selectFrom(RECORDS)
        .selectAll()
        .where('table_name', '=', position.tableName)
        .where('seq', '>', position.checkpoint)
        .orderBy('seq', 'asc')
        .limit(limit)
        .execute();
      return { position, records: rows.map((r) => decodeRecord(d, r)) };
    },
    async claim(mappingId, o) {
      const r = await db
        .updateTable(POSITIONS)
        .set({ lease_until: o.leaseUntil })
        .where('mapping_id', '=', mappingId)
        .where('checkpoint', '=', o.checkpoint)
        .where('lease_until', '<=', o.now)
        .where('next_attempt_at', '<=', o.now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    settle: (mappingId, leaseUntil, s) =>
      db.transaction().execute(async (tx) => {
        const r = await tx
          .updateTable(POSITIONS)
          .set({
            checkpoint: s.checkpoint,
            attempts: s.attempts,
            next_attempt_at: s.nextAttemptAt,
            failure_id: s.failureId ?? null,
            lease_until: 0,
          })
          .where('mapping_id', '=', mappingId)
          .where('lease_until', '=', leaseUntil)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1 || !s.invocation) return;
        const { id: _id, created_at: _created, last_error, ...rest } = encodeInvocation(s.invocation);
        // a success keeps the error that made the batch retry, as `hearth triggers` shows it
        const changed = last_error === null ? rest : { ...rest, last_error };
        await tx
          .insertInto(INVOCATIONS_TABLE)
          .values(encodeInvocation(s.invocation))
          .onConflict((oc) => oc.column('id').doUpdateSet(changed))
          .execute();
      }),
    async trim(before) {
      await db.deleteFrom(RECORDS).where('created_at', '<', before).execute();
    },
  };
}
