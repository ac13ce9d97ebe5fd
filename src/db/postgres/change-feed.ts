import { createHash, randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import type { RecordChange } from '../ports.js';
import { type ClosableChangeFeed, createLocalListeners } from '../sql/local-change-feed.js';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; keep a margin for the envelope. */
const MAX_INLINE_BYTES = 7000;
/** Spilled changes are read within milliseconds; older ones are garbage. */
const SPILL_TTL_MS = 60_000;
const RECONNECT_MS = 1000;
const SPILL_TABLE = 'hearth_change_spill';

/** The NOTIFY payload: the change inline, or the id of a spilled one. `i` is the sending instance. */
type Envelope = { i: string; c: RecordChange } | { i: string; s: string };

export interface PostgresChangeFeedOptions {
  url: string;
  /** the storage's pool, used to NOTIFY and to read spilled changes */
  db: Kysely<any>;
}

/**
 * Record changes across instances (architecture decision 9): the writer delivers to its own
 * listeners at once and NOTIFYs the others; every instance LISTENs on one dedicated connection.
 * The channel is per schema, so apps (or test runs) sharing a database never hear each other.
 * Rows too large for a NOTIFY payload are written to a spill table and the notification carries
 * the spill id (not the record key: a deleted or since-updated row could not be re-read as it was).
 */
export async function createPostgresChangeFeed(o: PostgresChangeFeedOptions): Promise<ClosableChangeFeed> {
  const local = createLocalListeners();
  const instance = randomUUID();
  const { default: pgModule } = await import('pg');
  let closed = false;
  let client: pg.Client | undefined;
  let channel = '';
  const spillTable = { made: false };

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== channel || !msg.payload) return;
    void receive(o.db, instance, msg.payload).then((c) => c && local.deliver(c));
  };

  async function listen(first: boolean): Promise<void> {
    const c = new pgModule.Client({ connectionString: o.url });
    const retry = () => {
      if (closed || client !== c) return;
      client = undefined;
      c.end().catch(() => {});
      setTimeout(() => void listen(false), RECONNECT_MS).unref();
    };
    client = c;
    c.on('error', retry);
    c.on('end', retry);
    c.on('notification', onNotification);
    try {
      await c.connect();
      const { rows } = await c.query<{ s: string }>('select current_schema() as s');
      channel = channelFor(rows[0]?.s ?? 'public');
      await c.query(`listen "${channel}"`);
    } catch (e) {
      // at start the storage must fail loudly; later, keep trying (changes in between are missed)
      if (first) {
        closed = true;
        await c.end().catch(() => {});
        throw e;
      }
      retry();
    }
  }

  await listen(true);
  return {
    async publish(change) {
      local.deliver(change);
      const listening = client;
      try {
        const payload = await envelope(o.db, { i: instance, c: change }, spillTable);
        if (!listening) {
          await notifyOn(o.db, channel, payload);
          return;
        }
        // Sent on the LISTEN connection and not awaited: the mutation's answer does not wait for the
        // round trip, and one connection runs its queries in order, so other instances still get this
        // instance's changes in the order they were published
        listening.query('select pg_notify($1, $2)', [channel, payload]).catch(() => {});
      } catch {
        // best-effort fan-out, as AppSync's: the mutation already succeeded and must not fail now
      }
    },
    subscribe: (listener) => local.add(listener),
    createTables: (db) => createSpillTable(db, spillTable),
    async close() {
      closed = true;
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}

/** A channel name is an identifier (at most 63 bytes): a digest of the schema keeps it short and safe. */
function channelFor(schema: string): string {
  return `hearth_changes_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
}

/** The NOTIFY payload of a change: inline, or the id of its spilled copy (written before it returns). */
async function envelope(db: Kysely<any>, env: { i: string; c: RecordChange }, spillTable: { made: boolean }): Promise<string> {
  const payload = JSON.stringify(env);
  if (Buffer.byteLength(payload) <= MAX_INLINE_BYTES) return payload;
  return JSON.stringify({ i: env.i, s: await spill(db, env.c, spillTable) });
}

async function notifyOn(db: Kysely<any>, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}

async function spill(db: Kysely<any>, change: RecordChange, spillTable: { made: boolean }): Promise<string> {
  const id = randomUUID();
  const now = Date.now();
  await createSpillTable(db, spillTable);
  await db
    .deleteFrom(SPILL_TABLE)
    .where('created_at', '<', now - SPILL_TTL_MS)
    .execute();
  await db
    .insertInto(SPILL_TABLE)
    .values({ id, payload: JSON.stringify(change), created_at: now })
    .execute();
  return id;
}

/** Made by `migrate` under the migration lock; a feed used without migrating makes it on first spill. */
async function createSpillTable(db: Kysely<any>, state: { made: boolean }): Promise<void> {
  if (state.made) return;
  await sql`create table if not exists ${sql.table(SPILL_TABLE)} (id text primary key, payload text not null, created_at bigint not null)`.execute(
    db,
  );
  state.made = true;
}

/** Decodes a notification; undefined for our own (already delivered locally) or unreadable ones. */
async function receive(db: Kysely<any>, instance: string, payload: string): Promise<RecordChange | undefined> {
  try {
    const env = JSON.parse(payload) as Envelope;
    if (env.i === instance) return undefined;
    if ('c' in env) return env.c;
    const row = await db.selectFrom(SPILL_TABLE).select('payload').where('id', '=', env.s).executeTakeFirst();
    return row ? (JSON.parse(String(row.payload)) as RecordChange) : undefined;
  } catch {
    return undefined;
  }
}
