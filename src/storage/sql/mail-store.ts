import type { Kysely } from 'kysely';
import type { MailMessage, MailStore } from '../ports.js';
import type { SqlDialect } from './dialect.js';

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
}

export function createSqlMailStore(db: Kysely<any>): MailStore {
  return {
    async add(m) {
      await db
        .insertInto('hearth_mail')
        .values({ id: m.id, recipient: m.to.toLowerCase(), subject: m.subject, text_body: m.text, html_body: m.html, sent_at: m.sentAt })
        .execute();
    },
    async byRecipient(to) {
      const rows = await db.selectFrom('hearth_mail').selectAll().where('recipient', '=', to.toLowerCase()).orderBy('seq', 'asc').execute();
      return rows.map(
        (r): MailMessage => ({ id: r.id, to: r.recipient, subject: r.subject, text: r.text_body, html: r.html_body, sentAt: r.sent_at }),
      );
    },
  };
}
