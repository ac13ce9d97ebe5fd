import { type Kysely, type QueryCreator, sql } from 'kysely';
import type { CodeRecord, GroupRecord, NewUserWrites, RefreshTokenRecord, UserRecord, UserStore } from '../ports.js';
import type { SqlDialect } from './dialect.js';
import { type InsertOf, insertTogether } from './insert-together.js';
import { encodeInvocation, insertInvocations } from './invocation-store.js';
import { insertMail } from './mail-store.js';
import { prepare } from './prepared.js';
import {
  createUserSecurityTables,
  decodeUserSecurity,
  isSecurityJsonField,
  SECURITY_COLUMNS,
  userSecurityMethods,
} from './user-security.js';

/** User pool tables: users, one-time codes, refresh tokens. Idempotent. */
export async function createUserTables(db: Kysely<any>, d: SqlDialect): Promise<void> {
  const t = d.columnTypes;
  await db.schema
    .createTable('hearth_users')
    .ifNotExists()
    .addColumn('sub', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('enabled', sql.raw(t.boolean), (c) => c.notNull())
    .addColumn('attributes', sql.raw(t.json), (c) => c.notNull())
    .addColumn('groups', sql.raw(t.json))
    .addColumn('srp_salt', 'text', (c) => c.notNull())
    .addColumn('srp_verifier', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('tokens_valid_after', sql.raw(t.bigint), (c) => c.notNull())
    .addColumn('created_at', sql.raw(t.bigint), (c) => c.notNull())
    .addColumn('updated_at', sql.raw(t.bigint), (c) => c.notNull())
    .execute();
  // sign-in is case-insensitive (Amplify's default), so uniqueness must be too
  await db.schema
    .createIndex('hearth_users_username_lower')
    .ifNotExists()
    .on('hearth_users')
    .unique()
    .expression(sql`lower(username)`)
    .execute();
  await db.schema
    .createTable('hearth_codes')
    .ifNotExists()
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', sql.raw(t.bigint), (c) => c.notNull())
    .addColumn('attempts', sql.raw(t.integer), (c) => c.notNull())
    .addPrimaryKeyConstraint('hearth_codes_pk', ['sub', 'purpose'])
    .execute();
  await createRefreshTokenTable(db, d);
  await createUserSecurityTables(db, d);
  await createGroupTable(db, d);
}

async function createGroupTable(db: Kysely<any>, d: SqlDialect): Promise<void> {
  const t = d.columnTypes;
  await db.schema
    .createTable('hearth_groups')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text')
    .addColumn('precedence', sql.raw(t.integer))
    .addColumn('role_arn', 'text')
    .addColumn('created_at', sql.raw(t.bigint), (c) => c.notNull())
    .addColumn('updated_at', sql.raw(t.bigint), (c) => c.notNull())
    .execute();
}

async function createRefreshTokenTable(db: Kysely<any>, d: SqlDialect): Promise<void> {
  const t = d.columnTypes;
  await db.schema
    .createTable('hearth_refresh_tokens')
    .ifNotExists()
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('origin_jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', sql.raw(t.bigint), (c) => c.notNull())
    .addColumn('revoked', sql.raw(t.boolean), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hearth_refresh_tokens_sub').ifNotExists().on('hearth_refresh_tokens').column('sub').execute();
  await db.schema.createIndex('hearth_refresh_tokens_origin').ifNotExists().on('hearth_refresh_tokens').column('origin_jti').execute();
}

const USER_COLUMNS: Record<keyof Omit<UserRecord, 'sub'>, string> = {
  username: 'username',
  status: 'status',
  enabled: 'enabled',
  attributes: 'attributes',
  groups: 'groups',
  srpSalt: 'srp_salt',
  srpVerifier: 'srp_verifier',
  passwordHash: 'password_hash',
  tokensValidAfter: 'tokens_valid_after',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  ...SECURITY_COLUMNS,
};

function encodeUserField(d: SqlDialect, key: string, value: unknown): unknown {
  if (key === 'enabled') return d.encodeBoolean(value as boolean);
  if (key === 'attributes' || key === 'groups' || isSecurityJsonField(key)) return d.encodeJson(value);
  if (key === 'username') return (value as string).toLowerCase();
  return value;
}

function encodeUserPatch(d: SqlDialect, patch: Partial<UserRecord>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    const column = USER_COLUMNS[key as keyof typeof USER_COLUMNS];
    if (column && value !== undefined) row[column] = encodeUserField(d, key, value);
  }
  return row;
}

function decodeUser(d: SqlDialect, r: Record<string, any>): UserRecord {
  const groups = d.decodeJson(r.groups) as string[] | null;
  return {
    sub: r.sub,
    username: r.username,
    status: r.status,
    enabled: d.decodeBoolean(r.enabled),
    attributes: d.decodeJson(r.attributes) as Record<string, string>,
    ...(groups && groups.length > 0 ? { groups } : {}),
    srpSalt: r.srp_salt,
    srpVerifier: r.srp_verifier,
    passwordHash: r.password_hash,
    tokensValidAfter: d.decodeBigint(r.tokens_valid_after),
    createdAt: d.decodeBigint(r.created_at),
    updatedAt: d.decodeBigint(r.updated_at),
    ...decodeUserSecurity(d, r),
  };
}

function decodeRefreshToken(d: SqlDialect, r: Record<string, any>): RefreshTokenRecord {
  return {
    tokenHash: r.token_hash,
    sub: r.sub,
    clientId: r.client_id,
    originJti: r.origin_jti,
    expiresAt: d.decodeBigint(r.expires_at),
    revoked: d.decodeBoolean(r.revoked),
  };
}

/** Kysely-backed UserStore, identical on SQLite and PostgreSQL. */
export function createSqlUserStore(db: Kysely<any>, d: SqlDialect): UserStore {
  const users = userMethods(db, d);
  return {
    ...users,
    ...codeMethods(db, d),
    ...refreshTokenMethods(db, d),
    ...userSecurityMethods(db, d, { bySub: users.bySub, decode: (r) => decodeUser(d, r) }),
    ...adminMethods(db, d),
    ...groupMethods(db, d),
  };
}

function userMethods(db: Kysely<any>, d: SqlDialect) {
  // every sign-in reads its user, by name in step 1 and by sub in step 2: built once (prepared.ts)
  const selectBySub = prepare<[sub: string]>({ db, d }, (sub) => db.selectFrom('hearth_users').selectAll().where('sub', '=', sub), 1);
  const selectByUsername = prepare<[username: string]>(
    { db, d },
    (username) => db.selectFrom('hearth_users').selectAll().where(sql`lower(username)`, '=', username),
    1,
  );
  return {
    async create(user: UserRecord, with_: NewUserWrites = {}) {
      const values = { sub: user.sub, groups: d.encodeJson(user.groups ?? []), ...encodeUserPatch(d, user) };
      const inserts: InsertOf[] = [(qc) => qc.insertInto('hearth_users').values(values)];
      if (with_.code) inserts.push(insertCode(with_.code));
      if (with_.mail) inserts.push(insertMail(with_.mail));
      await insertTogether(db, d, inserts);
    },
    async bySub(sub: string) {
      const r = (await selectBySub(sub)).rows[0];
      return r ? decodeUser(d, r) : undefined;
    },
    async byUsername(username: string) {
      const r = (await selectByUsername(username.toLowerCase())).rows[0];
      return r ? decodeUser(d, r) : undefined;
    },
    async update(sub: string, patch: Partial<Omit<UserRecord, 'sub'>>) {
      const row = encodeUserPatch(d, patch);
      if (Object.keys(row).length === 0) return;
      await db.updateTable('hearth_users').set(row).where('sub', '=', sub).execute();
    },
    // the postConfirmation invocation commits with the confirmation (architecture decision 12)
    confirm: (sub: string, c: Confirmation) =>
      d.engine === 'postgres' ? confirmInOneStatement(db, d, sub, c) : confirmInTransaction(db, d, sub, c),
  };
}

type Confirmation = Parameters<UserStore['confirm']>[1];

const confirmedPatch = (d: SqlDialect, c: Confirmation) =>
  encodeUserPatch(d, { status: 'CONFIRMED', attributes: c.attributes, updatedAt: c.updatedAt });

function confirmInTransaction(db: Kysely<any>, d: SqlDialect, sub: string, c: Confirmation): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable('hearth_users')
      .set(confirmedPatch(d, c))
      .where('sub', '=', sub)
      .where('status', '=', 'UNCONFIRMED')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await tx.deleteFrom('hearth_codes').where('sub', '=', sub).where('purpose', '=', 'signup').execute();
    await insertInvocations(tx, c.enqueue);
    return true;
  });
}

/**
 * The same writes as one PostgreSQL statement (one round trip and one commit instead of BEGIN,
 * three statements and COMMIT): the code's delete and the invocations' inserts read the updated
 * row, so when the user was not UNCONFIRMED nothing is written.
 */
async function confirmInOneStatement(db: Kysely<any>, d: SqlDialect, sub: string, c: Confirmation): Promise<boolean> {
  const updated = db.with('u', (w) =>
    w.updateTable('hearth_users').set(confirmedPatch(d, c)).where('sub', '=', sub).where('status', '=', 'UNCONFIRMED').returning('sub'),
  );
  const withCode = updated.with('c', (w) =>
    w.deleteFrom('hearth_codes').where('sub', 'in', w.selectFrom('u').select('sub')).where('purpose', '=', 'signup'),
  );
  // INSERT … SELECT from the update: the parameters take the target columns' types
  const withInvocations = c.enqueue.map(encodeInvocation).reduce<QueryCreator<any>>((q, row, i) => {
    const columns = Object.keys(row) as (keyof typeof row)[];
    return q.with(`i${i}`, (w) =>
      w
        .insertInto('hearth_invocations')
        .columns(columns)
        .expression(w.selectFrom('u').select(columns.map((k) => sql`${row[k]}`.as(k)))),
    );
  }, withCode);
  const r = await withInvocations
    .selectFrom('u')
    .select((e) => e.fn.countAll().as('n'))
    // SET LOCAL for this statement's own transaction: the pooled connection keeps `on`
    .$if(c.flushLater === true, (q) => q.select(sql`set_config('synchronous_commit', 'off', true)`.as('sync')))
    .executeTakeFirstOrThrow();
  return Number(r.n) === 1;
}

/** Writes the code, replacing the user's code of the same purpose. */
const insertCode =
  (c: CodeRecord): InsertOf =>
  (qc) => {
    const values = { code_hash: c.codeHash, expires_at: c.expiresAt, attempts: c.attempts };
    return qc
      .insertInto('hearth_codes')
      .values({ sub: c.sub, purpose: c.purpose, ...values })
      .onConflict((oc) => oc.columns(['sub', 'purpose']).doUpdateSet(values));
  };

function codeMethods(db: Kysely<any>, d: SqlDialect) {
  const key = (sub: string, purpose: string) => (qb: any) => qb.where('sub', '=', sub).where('purpose', '=', purpose);
  return {
    async putCode(c: CodeRecord) {
      await insertCode(c)(db).execute();
    },
    async getCode(sub: string, purpose: string): Promise<CodeRecord | undefined> {
      const r = await db.selectFrom('hearth_codes').selectAll().$call(key(sub, purpose)).executeTakeFirst();
      if (!r) return undefined;
      const attempts = d.decodeBigint(r.attempts);
      return { sub, purpose, codeHash: r.code_hash, expiresAt: d.decodeBigint(r.expires_at), attempts };
    },
    async bumpCodeAttempts(sub: string, purpose: string) {
      // one statement, so concurrent wrong guesses all count
      await db.updateTable('hearth_codes').set({ attempts: sql`attempts + 1` }).$call(key(sub, purpose)).execute();
    },
    async deleteCode(sub: string, purpose: string) {
      await db.deleteFrom('hearth_codes').$call(key(sub, purpose)).execute();
    },
  };
}

type RefreshTokenRow = [tokenHash: string, sub: string, clientId: string, originJti: string, expiresAt: number, revoked: unknown];

/** A refresh token's column values, in the order {@link insertRefreshToken} takes them. */
export const refreshTokenRow = (d: Pick<SqlDialect, 'encodeBoolean'>, t: RefreshTokenRecord): RefreshTokenRow => [
  t.tokenHash,
  t.sub,
  t.clientId,
  t.originJti,
  t.expiresAt,
  d.encodeBoolean(t.revoked),
];

/** The INSERT of a refresh token (its values, or prepare()'s placeholders); sign-in-history.ts writes one with a sign-in's entry. */
export const insertRefreshToken = (qc: QueryCreator<any>, ...[token_hash, sub, client_id, origin_jti, expires_at, revoked]: unknown[]) =>
  qc.insertInto('hearth_refresh_tokens').values({ token_hash, sub, client_id, origin_jti, expires_at, revoked });

function refreshTokenMethods(db: Kysely<any>, d: SqlDialect) {
  // every sign-in stores one: built once (prepared.ts)
  const insert = prepare<RefreshTokenRow>({ db, d }, (...row) => insertRefreshToken(db, ...row), 6);
  return {
    async putRefreshToken(t: RefreshTokenRecord) {
      await insert(...refreshTokenRow(d, t));
    },
    async getRefreshToken(tokenHash: string) {
      const r = await db.selectFrom('hearth_refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r ? decodeRefreshToken(d, r) : undefined;
    },
    async revokeRefreshToken(tokenHash: string) {
      await db
        .updateTable('hearth_refresh_tokens')
        .set({ revoked: d.encodeBoolean(true) })
        .where('token_hash', '=', tokenHash)
        .execute();
    },
    async isOriginRevoked(originJti: string) {
      const r = await db.selectFrom('hearth_refresh_tokens').select('revoked').where('origin_jti', '=', originJti).executeTakeFirst();
      return r ? d.decodeBoolean(r.revoked) : false;
    },
    async revokeAllRefreshTokens(sub: string) {
      await db
        .updateTable('hearth_refresh_tokens')
        .set({ revoked: d.encodeBoolean(true) })
        .where('sub', '=', sub)
        .execute();
    },
  };
}

function adminMethods(db: Kysely<any>, d: SqlDialect) {
  return {
    async deleteUser(sub: string) {
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('hearth_codes').where('sub', '=', sub).execute();
        await tx.deleteFrom('hearth_refresh_tokens').where('sub', '=', sub).execute();
        await tx.deleteFrom('hearth_users').where('sub', '=', sub).execute();
      });
    },
    async allUsers() {
      const rows = await db.selectFrom('hearth_users').selectAll().orderBy('created_at', 'asc').orderBy('sub', 'asc').execute();
      return rows.map((r) => decodeUser(d, r));
    },
    async withLinkedIdentities() {
      // a text match on the attributes' JSON keeps the rows read to the few linked users (no index
      // needed); it may also match a value, so the decoded attributes decide
      const rows = await db
        .selectFrom('hearth_users')
        .selectAll()
        .where('status', '!=', 'EXTERNAL_PROVIDER')
        .where(sql`cast(attributes as text)`, 'like', '%"identities"%')
        .execute();
      return rows.map((r) => decodeUser(d, r)).filter((u) => u.attributes.identities !== undefined);
    },
  };
}

function decodeGroup(d: SqlDialect, r: Record<string, any>): GroupRecord {
  return {
    name: r.name,
    ...(r.description != null ? { description: r.description } : {}),
    ...(r.precedence != null ? { precedence: Number(r.precedence) } : {}),
    ...(r.role_arn != null ? { roleArn: r.role_arn } : {}),
    createdAt: d.decodeBigint(r.created_at),
    updatedAt: d.decodeBigint(r.updated_at),
  };
}

function groupMethods(db: Kysely<any>, d: SqlDialect) {
  return {
    async putGroup(g: GroupRecord) {
      const values = {
        description: g.description ?? null,
        precedence: g.precedence ?? null,
        role_arn: g.roleArn ?? null,
        updated_at: g.updatedAt,
      };
      await db
        .insertInto('hearth_groups')
        .values({ name: g.name, created_at: g.createdAt, ...values })
        .onConflict((oc) => oc.column('name').doUpdateSet(values))
        .execute();
    },
    async getGroup(name: string) {
      const r = await db.selectFrom('hearth_groups').selectAll().where('name', '=', name).executeTakeFirst();
      return r ? decodeGroup(d, r) : undefined;
    },
    async listGroups() {
      const rows = await db.selectFrom('hearth_groups').selectAll().orderBy('name', 'asc').execute();
      return rows.map((r) => decodeGroup(d, r));
    },
    async deleteGroup(name: string) {
      await db.deleteFrom('hearth_groups').where('name', '=', name).execute();
    },
  };
}
