/**
 * The security half of the user pool tables: sign-in lockout counters, MFA settings, pending
 * attribute updates (columns added to hearth_users, also to tables made by older versions) and
 * the single-use table that makes SRP secret blocks and challenge sessions work only once.
 */
import { type Kysely, sql } from 'kysely';
import type { UserRecord } from '../ports.js';
import type { SqlDialect } from './dialect.js';
import { prepare } from './prepared.js';

type SecurityFields = Pick<UserRecord, 'failedSignIns' | 'lockedUntil' | 'mfa' | 'pendingAttributes'>;

export const SECURITY_COLUMNS: Record<keyof SecurityFields, string> = {
  failedSignIns: 'failed_sign_ins',
  lockedUntil: 'locked_until',
  mfa: 'mfa',
  pendingAttributes: 'pending_attributes',
};

const JSON_FIELDS = new Set(['mfa', 'pendingAttributes']);

export const isSecurityJsonField = (key: string) => JSON_FIELDS.has(key);

/** Column names of `table` in the current schema, asked without a failing query (which would abort a PG transaction). */
async function columnsOf(db: Kysely<any>, d: SqlDialect, table: string): Promise<Set<string>> {
  const q =
    d.engine === 'sqlite'
      ? sql<{ name: string }>`select name from pragma_table_info(${table})`
      : sql<{
          name: string;
        }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`;
  return new Set((await q.execute(db)).rows.map((r) => r.name));
}

/** Adds the security columns and the single-use table; idempotent, and upgrades older databases. */
export async function createUserSecurityTables(db: Kysely<any>, d: SqlDialect): Promise<void> {
  const t = d.columnTypes;
  const types: Record<string, string> = {
    failed_sign_ins: t.integer,
    locked_until: t.bigint,
    mfa: t.json,
    pending_attributes: t.json,
  };
  const existing = await columnsOf(db, d, 'hearth_users');
  for (const [column, type] of Object.entries(types)) {
    if (!existing.has(column)) {
      await db.schema.alterTable('hearth_users').addColumn(column, sql.raw(type)).execute();
    }
  }
  await db.schema
    .createTable('hearth_used_once')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', sql.raw(t.bigint), (c) => c.notNull())
    .execute();
  // every spend sweeps the expired entries first
  await db.schema.createIndex('hearth_used_once_expires').ifNotExists().on('hearth_used_once').column('expires_at').execute();
}

/** The security fields of a hearth_users row (absent when null). */
export function decodeUserSecurity(d: SqlDialect, r: Record<string, any>): SecurityFields {
  const mfa = r.mfa == null ? undefined : (d.decodeJson(r.mfa) as UserRecord['mfa']);
  const pending = r.pending_attributes == null ? undefined : (d.decodeJson(r.pending_attributes) as Record<string, string>);
  return {
    ...(r.failed_sign_ins != null ? { failedSignIns: Number(r.failed_sign_ins) } : {}),
    ...(r.locked_until != null ? { lockedUntil: d.decodeBigint(r.locked_until) } : {}),
    ...(mfa ? { mfa } : {}),
    ...(pending && Object.keys(pending).length > 0 ? { pendingAttributes: pending } : {}),
  };
}

/** How often spendOnce sweeps expired entries: the table stays small without a DELETE on every sign-in. */
export const USED_ONCE_SWEEP_MS = 60_000;

/** How user-store.ts reads a user, for the spend that reads one too. */
export interface UserReads {
  bySub(sub: string): Promise<UserRecord | undefined>;
  decode(row: Record<string, any>): UserRecord;
}

export function userSecurityMethods(db: Kysely<any>, d: SqlDialect, users: UserReads) {
  let nextSweep = Number.NEGATIVE_INFINITY;
  async function sweep(now: number): Promise<void> {
    if (now < nextSweep) return;
    nextSweep = now + USED_ONCE_SWEEP_MS;
    await db.deleteFrom('hearth_used_once').where('expires_at', '<=', now).execute();
  }
  // a new key is inserted, an expired one not yet swept is taken over, a live one is refused
  const upsertUsedOnce = prepare<[key: string, expiresAt: number, now: number]>(
    { db, d },
    (key, expiresAt, now) =>
      db
        .insertInto('hearth_used_once')
        .values({ key, expires_at: expiresAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ expires_at: expiresAt }).where('hearth_used_once.expires_at', '<=', now)),
    3,
  );
  async function spendOnce(key: string, expiresAt: number, now: number): Promise<boolean> {
    await sweep(now);
    const r = await upsertUsedOnce(key, expiresAt, now);
    return Number(r.numAffectedRows ?? 0n) === 1;
  }
  // PostgreSQL: the same upsert and the user's read in one statement; a data-modifying WITH runs
  // whether or not the query reads it, and the left join gives one row even when the user is gone
  const spendAndReadInOne = prepare<[key: string, expiresAt: number, now: number, sub: string]>(
    { db, d },
    (key, expiresAt, now, sub) => sql`
        with spent as (
          insert into hearth_used_once (key, expires_at) values (${key}, ${expiresAt})
          on conflict (key) do update set expires_at = excluded.expires_at where hearth_used_once.expires_at <= ${now}
          returning 1
        )
        select (select count(*) from spent) as spent_now, u.*
        from (select 1) as one left join hearth_users u on u.sub = ${sub}`,
    4,
  );
  return {
    async bumpFailedSignIns(sub: string): Promise<number> {
      const r = await db
        .updateTable('hearth_users')
        .set({ failed_sign_ins: sql`coalesce(failed_sign_ins, 0) + 1` })
        .where('sub', '=', sub)
        .returning('failed_sign_ins')
        .executeTakeFirst();
      return Number(r?.failed_sign_ins ?? 0);
    },
    spendOnce,
    async spendOnceAndRead(key: string, expiresAt: number, now: number, sub: string) {
      // SQLite answers in-process, so two statements cost little; PostgreSQL pays a round trip for each
      if (d.engine !== 'postgres') {
        const fresh = await spendOnce(key, expiresAt, now);
        return { fresh, user: fresh ? await users.bySub(sub) : undefined };
      }
      await sweep(now);
      const { rows } = await spendAndReadInOne(key, expiresAt, now, sub);
      const row = rows[0];
      const fresh = Number(row?.spent_now) === 1;
      return { fresh, user: fresh && row?.sub != null ? users.decode(row) : undefined };
    },
  };
}
