import { type Kysely, sql } from 'kysely';
import type { MailMessage, MailStore, NewMail, OutboxEntry } from '../ports.js';
import type { SqlDialect } from './dialect.js';
import type { InsertOf } from './insert-together.js';

export async function createMailTables(db: Kysely<any>, d: SqlDialect): Promise<void> {
  await db.schema
    .createTable('hearth_mail')
    .ifNotExists()
    .addColumn('seq', d.engine === 'sqlite' ? 'integer' : 'bigserial', (c) =>
      d.engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hearth_mail_recipient').ifNotExists().on('hearth_mail').column('recipient').execute();
  await addOutboxColumns(db, d);
}

/** The outbox columns came after the table: added in place, so an existing mailbox keeps its messages. */
async function addOutboxColumns(db: Kysely<any>, d: SqlDialect): Promise<void> {
  const t = d.columnTypes;
  const columns: [string, string, string?][] = [
    ['status', 'text', "'stored'"],
    ['attempts', t.integer, '0'],
    ['next_attempt_at', t.bigint, '0'],
    ['lease_until', t.bigint, '0'],
    ['last_error', 'text'],
    ['from_addr', 'text'],
    ['reply_to', 'text'],
  ];
  // SQLite has no ADD COLUMN IF NOT EXISTS: ask it which columns exist (PostgreSQL checks itself)
  const have =
    d.engine === 'sqlite'
      ? new Set((await sql<{ name: string }>`pragma table_info(hearth_mail)`.execute(db)).rows.map((r) => r.name))
      : new Set<string>();
  const ifNotExists = d.engine === 'sqlite' ? '' : 'IF NOT EXISTS ';
  for (const [name, type, dflt] of columns) {
    if (have.has(name)) continue;
    await sql.raw(`ALTER TABLE hearth_mail ADD COLUMN ${ifNotExists}${name} ${type}${dflt ? ` NOT NULL DEFAULT ${dflt}` : ''}`).execute(db);
  }
  await db.schema.createIndex('hearth_mail_due').ifNotExists().on('hearth_mail').columns(['status', 'next_attempt_at']).execute();
}

function decode(r: Record<string, any>): OutboxEntry {
  return {
    id: r.id,
    to: r.recipient,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    sentAt: r.sent_at,
    ...(r.from_addr ? { from: r.from_addr } : {}),
    ...(r.reply_to ? { replyTo: r.reply_to } : {}),
    status: r.status,
    attempts: Number(r.attempts),
    // PostgreSQL returns bigint as a string
    nextAttemptAt: Number(r.next_attempt_at),
    ...(r.last_error ? { lastError: r.last_error } : {}),
  };
}

const row = (m: MailMessage) => ({
  id: m.id,
  recipient: m.to.toLowerCase(),
  subject: m.subject,
  text_body: m.text,
  html_body: m.html,
  sent_at: m.sentAt,
});

/** The insert of a new message, for a store method that writes it with other rows (insert-together.ts). */
export const insertMail =
  (m: NewMail): InsertOf =>
  (qc) =>
    qc.insertInto('hearth_mail').values({
      ...row(m),
      status: m.status,
      attempts: 0,
      next_attempt_at: 0,
      from_addr: m.from ?? null,
      reply_to: m.replyTo ?? null,
    });

export function createSqlMailStore(db: Kysely<any>): MailStore {
  return {
    async add(m) {
      await db.insertInto('hearth_mail').values(row(m)).execute();
    },
    async byRecipient(to) {
      const rows = await db.selectFrom('hearth_mail').selectAll().where('recipient', '=', to.toLowerCase()).orderBy('seq', 'asc').execute();
      return rows.map(
        (r): MailMessage => ({ id: r.id, to: r.recipient, subject: r.subject, text: r.text_body, html: r.html_body, sentAt: r.sent_at }),
      );
    },
    async page(o) {
      let q = db
        .selectFrom('hearth_mail')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(o.limit + 1);
      if (o.to) q = q.where('recipient', '=', o.to.toLowerCase());
      if (o.before && /^\d+$/.test(o.before)) q = q.where('seq', '<', Number(o.before));
      const rows = await q.execute();
      const page = rows.slice(0, o.limit);
      const messages = page.map(
        (r): MailMessage => ({ id: r.id, to: r.recipient, subject: r.subject, text: r.text_body, html: r.html_body, sentAt: r.sent_at }),
      );
      return { messages, ...(rows.length > o.limit ? { next: String(page.at(-1)?.seq) } : {}) };
    },
    async enqueue(m) {
      await insertMail({ ...m, status: 'queued' })(db).execute();
    },
    async due(now, limit) {
      const rows = await db
        .selectFrom('hearth_mail')
        .selectAll()
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', now)
        .where('lease_until', '<=', now)
        .orderBy('seq', 'asc')
        .limit(limit)
        .execute();
      return rows.map((r) => decode(r));
    },
    async claim(id, now, leaseUntil) {
      // one conditional update: of two instances racing for a message, exactly one wins
      const r = await db
        .updateTable('hearth_mail')
        .set({ lease_until: leaseUntil })
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .where('lease_until', '<=', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async settle(id, o) {
      const common = { status: o.status, attempts: o.attempts, lease_until: 0 };
      const set =
        o.status === 'sent' ? { ...common, last_error: null } : { ...common, next_attempt_at: o.nextAttemptAt, last_error: o.lastError };
      await db.updateTable('hearth_mail').set(set).where('id', '=', id).execute();
    },
    async byId(id) {
      const r = await db.selectFrom('hearth_mail').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? decode(r) : undefined;
    },
  };
}
