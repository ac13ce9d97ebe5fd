/**
 * The user and identity stores on SQLite, and on PostgreSQL when HEARTH_TEST_DATABASE_URL is set
 * (e.g. postgres://postgres@127.0.0.1:5432/test; each test gets a throw-away schema).
 */
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES } from '../../../test/support/pg-schema.js';
import { userRecord } from '../../../test/support/user-builders.js';
import type { IdentityStore, UserStore } from '../ports.js';
import { createIdentityTables, createSqlIdentityStore } from './identity-store.js';
import { createSqlUserStore, createUserTables } from './user-store.js';

const user = userRecord;

const engines = STORE_ENGINES;

for (const { name, skip, dialect, open } of engines)
  describe.skipIf(Boolean(skip))(`on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let users: UserStore;
    let identities: IdentityStore;
    let db: Kysely<any>;
    let drop: () => Promise<void>;

    beforeEach(async () => {
      ({ db, drop } = await open());
      for (const table of ['hearth_users', 'hearth_codes', 'hearth_refresh_tokens', 'hearth_identities']) {
        await sql`drop table if exists ${sql.table(table)}`.execute(db);
      }
      await createUserTables(db, dialect);
      await createUserTables(db, dialect); // idempotent
      await createIdentityTables(db, dialect);
      users = createSqlUserStore(db, dialect);
      identities = createSqlIdentityStore(db, dialect);
    });
    afterEach(async () => {
      await db.destroy();
      await drop();
    });

    describe('SQL user store', () => {
      it('round-trips a user and finds them by username in any case', async () => {
        await users.create(user());
        expect(await users.bySub(user().sub)).toEqual(user());
        expect(await users.byUsername('JANE@Example.com')).toEqual(user());
        expect(await users.byUsername('other@example.com')).toBeUndefined();
      });

      it('refuses a second user with the same username in another case', async () => {
        await users.create(user());
        await expect(users.create(user({ sub: '22222222-2222-4222-8222-222222222222', username: 'Jane@Example.COM' }))).rejects.toThrow();
      });

      it('patches only the given fields, groups included', async () => {
        await users.create(user());
        await users.update(user().sub, { status: 'CONFIRMED', enabled: false, groups: ['admins'], tokensValidAfter: 1_800_000_000 });
        expect(await users.bySub(user().sub)).toEqual(
          user({ status: 'CONFIRMED', enabled: false, groups: ['admins'], tokensValidAfter: 1_800_000_000 }),
        );
      });

      it('keeps one code per user and purpose, counting attempts', async () => {
        const sub = user().sub;
        await users.putCode({ sub, purpose: 'signup', codeHash: 'h1', expiresAt: 5, attempts: 0 });
        await users.bumpCodeAttempts(sub, 'signup');
        await users.bumpCodeAttempts(sub, 'signup');
        expect(await users.getCode(sub, 'signup')).toEqual({ sub, purpose: 'signup', codeHash: 'h1', expiresAt: 5, attempts: 2 });
        await users.putCode({ sub, purpose: 'signup', codeHash: 'h2', expiresAt: 9, attempts: 0 });
        expect((await users.getCode(sub, 'signup'))?.codeHash).toBe('h2');
        expect(await users.getCode(sub, 'forgot_password')).toBeUndefined();
        await users.deleteCode(sub, 'signup');
        expect(await users.getCode(sub, 'signup')).toBeUndefined();
      });

      it('revokes refresh tokens one by one and all at once', async () => {
        const base = { sub: user().sub, clientId: 'c', expiresAt: 10, revoked: false };
        await users.putRefreshToken({ ...base, tokenHash: 'a', originJti: 'oa' });
        await users.putRefreshToken({ ...base, tokenHash: 'b', originJti: 'ob' });
        await users.revokeRefreshToken('a');
        expect(await users.isOriginRevoked('oa')).toBe(true);
        expect(await users.isOriginRevoked('ob')).toBe(false);
        expect(await users.isOriginRevoked('unknown')).toBe(false);
        await users.revokeAllRefreshTokens(user().sub);
        expect(await users.getRefreshToken('b')).toEqual({ ...base, tokenHash: 'b', originJti: 'ob', revoked: true });
      });
    });

    describe('users with linked provider identities', () => {
      it('finds native users holding identities, not federated users nor users without them', async () => {
        const linked = user({ sub: 'l', username: 'l@example.com', status: 'CONFIRMED', attributes: { identities: '[{"userId":"1"}]' } });
        await users.create(linked);
        await users.create(user({ sub: 'f', username: 'google_1', status: 'EXTERNAL_PROVIDER', attributes: { identities: '[]' } }));
        await users.create(user({ sub: 'n', username: 'n@example.com', status: 'CONFIRMED', attributes: { name: 'identities' } }));
        expect((await users.withLinkedIdentities()).map((u) => u.sub)).toEqual(['l']);
      });
    });

    describe('SQL identity store', () => {
      it('creates guests, links a sub, and keeps one identity per sub', async () => {
        await identities.create({ identityId: 'us-east-1:g', createdAt: 1 });
        expect(await identities.byId('us-east-1:g')).toEqual({ identityId: 'us-east-1:g', createdAt: 1 });
        await identities.linkSub('us-east-1:g', 'sub-1');
        expect(await identities.bySub('sub-1')).toEqual({ identityId: 'us-east-1:g', sub: 'sub-1', createdAt: 1 });
        await expect(identities.create({ identityId: 'us-east-1:h', sub: 'sub-1', createdAt: 2 })).rejects.toThrow();
      });
    });
  });
