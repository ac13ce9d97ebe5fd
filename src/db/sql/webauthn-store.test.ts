/**
 * The passkey store on SQLite, and on PostgreSQL when HEARTH_TEST_DATABASE_URL is set (each test
 * gets a throw-away schema).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_ENGINES, type StoreEngine } from '../../../test/support/pg-schema.js';
import type { WebAuthnCredentialRecord, WebAuthnStore } from '../ports.js';
import { createSqlWebAuthnStore, createWebAuthnTables } from './webauthn-store.js';

const T0 = 1_700_000_000_000;

const credential = (id: string, o: Partial<WebAuthnCredentialRecord> = {}): WebAuthnCredentialRecord => ({
  credentialId: id,
  sub: 'sub-a',
  publicKey: 'pQECAyYgASFYIA',
  counter: 0,
  transports: ['internal', 'hybrid'],
  relyingPartyId: 'localhost',
  friendlyName: 'Chrome on Linux',
  authenticatorAttachment: 'platform',
  createdAt: T0,
  ...o,
});

for (const { name, skip, dialect, open } of STORE_ENGINES)
  describe.skipIf(Boolean(skip))(`webauthn store on ${name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let store: WebAuthnStore;
    let opened: Awaited<ReturnType<StoreEngine['open']>>;

    beforeEach(async () => {
      opened = await open();
      await createWebAuthnTables(opened.db, dialect);
      await createWebAuthnTables(opened.db, dialect); // every start does it
      store = createSqlWebAuthnStore(opened.db, dialect);
    });
    afterEach(async () => {
      await opened.db.destroy();
      await opened.drop();
    });

    it('keeps every field, lists a user’s credentials oldest first, and no one else’s', async () => {
      expect(await store.add(credential('cred-2', { createdAt: T0 + 5 }))).toBe(true);
      expect(await store.add(credential('cred-1', { transports: [], authenticatorAttachment: undefined }))).toBe(true);
      expect(await store.add(credential('cred-b', { sub: 'sub-b' }))).toBe(true);
      const mine = await store.bySub('sub-a');
      expect(mine.map((c) => c.credentialId)).toEqual(['cred-1', 'cred-2']);
      expect(mine[1]).toEqual(credential('cred-2', { createdAt: T0 + 5 }));
      expect(mine[0]).not.toHaveProperty('authenticatorAttachment');
      expect(await store.byId('cred-b')).toMatchObject({ sub: 'sub-b' });
      expect(await store.byId('nope')).toBeUndefined();
    });

    it('refuses a credential id registered already, even by another user', async () => {
      expect(await store.add(credential('cred-1'))).toBe(true);
      expect(await store.add(credential('cred-1', { sub: 'sub-b' }))).toBe(false);
      expect(await store.byId('cred-1')).toMatchObject({ sub: 'sub-a' });
    });

    it('moves the counter only from the value read (two sign-ins with one assertion: one wins)', async () => {
      await store.add(credential('cred-1', { counter: 3 }));
      expect(await store.updateCounter('cred-1', 3, 4)).toBe(true);
      expect(await store.updateCounter('cred-1', 3, 4)).toBe(false);
      expect((await store.byId('cred-1'))?.counter).toBe(4);
    });

    it('deletes only the owner’s credential', async () => {
      await store.add(credential('cred-1'));
      expect(await store.delete('sub-b', 'cred-1')).toBe(false);
      expect(await store.delete('sub-a', 'cred-1')).toBe(true);
      expect(await store.delete('sub-a', 'cred-1')).toBe(false);
      expect(await store.bySub('sub-a')).toEqual([]);
    });

    it('deletes every passkey of a deleted user, and only theirs', async () => {
      await store.add(credential('cred-1'));
      await store.add(credential('cred-2'));
      await store.add(credential('cred-b', { sub: 'sub-b' }));
      await store.deleteAllOf('sub-a');
      expect(await store.bySub('sub-a')).toEqual([]);
      expect(await store.bySub('sub-b')).toHaveLength(1);
    });
  });
