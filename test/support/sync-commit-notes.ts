import { type Kysely, sql } from 'kysely';

export interface SyncCommitNote {
  /** `<table> <INSERT|UPDATE|DELETE> <the row's status>` */
  what: string;
  /** synchronous_commit of the writing transaction: `off` when its commit does not wait for the WAL flush */
  sync: string;
}

/**
 * PostgreSQL: row triggers on `tables` note the synchronous_commit each write commits under, so a test
 * can tell which commits wait for their flush. `conn` must be one connection (`db.connection()`):
 * the notes table is created there. Returns a reader of the notes, in order, and the connection's
 * own setting afterwards (which must stay `on`).
 */
export async function noteSyncCommits(conn: Kysely<any>, tables: string[]) {
  await sql`create table sync_notes (seq serial, what text, sync text)`.execute(conn);
  await sql`create function note_sync() returns trigger language plpgsql as $$ begin
    insert into sync_notes (what, sync) values (tg_table_name || ' ' || tg_op || ' ' || coalesce(new.status, old.status),
      current_setting('synchronous_commit'));
    return coalesce(new, old); end $$`.execute(conn);
  // a deferred constraint trigger runs at commit, so it sees the setting the commit runs under
  for (const t of tables)
    await sql`create constraint trigger note_sync after insert or update or delete on ${sql.table(t)}
      deferrable initially deferred for each row execute function note_sync()`.execute(conn);
  return async () => {
    const notes = await sql<SyncCommitNote>`select what, sync from sync_notes order by seq`.execute(conn);
    const after = await sql<{ s: string }>`select current_setting('synchronous_commit') as s`.execute(conn);
    return { notes: notes.rows, connection: after.rows[0]?.s };
  };
}
