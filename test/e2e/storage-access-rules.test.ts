/**
 * Every access rule of examples/storage with a positive and a negative case, through the
 * unmodified `aws-amplify/storage` client in Node: guest vs signed-in, user A vs user B under
 * `{entity_id}`, a group member (AdminAddUserToGroup, as an admin script does) vs a non-member,
 * the function granted `reports/*` (calling Hearth with @aws-sdk/client-s3 and its env bucket name),
 * the second bucket; and the upload/delete triggers, observed through the data API they write to.
 */

import { generateClient } from 'aws-amplify/data';
import { copy, downloadData, getUrl, list, remove, uploadData } from 'aws-amplify/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_ENGINES } from '../support/pg-schema.js';
import { errorName } from '../support/s3-error.js';
import { type StorageApp, startStorageApp } from '../support/storage-app.js';

const put = (path: string, data = path, bucket?: string) => uploadData({ path, data, options: { bucket } }).result;
const read = async (path: string, bucket?: string) => (await downloadData({ path, options: { bucket } }).result).body.text();

interface StorageEvent {
  kind: string;
  bucket: string;
  key: string;
  size?: number | null;
}

for (const engine of E2E_ENGINES) {
  const title = `storage access rules and triggers on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`;
  describe.skipIf(Boolean(engine.skip))(title, () => {
    let s: StorageApp;
    const run = Date.now().toString(36);
    const alice = `alice-${run}@example.com`;
    const bob = `bob-${run}@example.com`;
    const carol = `carol-${run}@example.com`;
    let aliceId: string;
    let bobId: string;

    const events = async (): Promise<StorageEvent[]> => {
      const client: any = generateClient({ authMode: 'userPool' });
      const { data, errors } = await client.models.StorageEvent.list({ limit: 1000 });
      expect(errors).toBeUndefined();
      return data;
    };
    const eventually = async <T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> => {
      const until = Date.now() + ms;
      for (;;) {
        const v = await f();
        if (ok(v) || Date.now() > until) return v;
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    beforeAll(async () => {
      s = await startStorageApp(engine.name);
      bobId = await s.signUpAndSignIn(bob);
      await s.signUpAndSignIn(carol);
      aliceId = await s.signUpAndSignIn(alice);
      await put('public/welcome.txt', 'welcome');
      await put(`profile-pictures/${aliceId}/me.png`, 'alice');
    });
    afterAll(async () => {
      await s?.stop();
    });

    it('public/*: a guest reads but cannot write; a signed-in user reads and writes but cannot delete', async () => {
      await s.beGuest();
      expect(await read('public/welcome.txt')).toBe('welcome');
      expect((await list({ path: 'public/' })).items.map((i) => i.path)).toContain('public/welcome.txt');
      expect(await errorName(put('public/guest.txt'))).toBe('AccessDenied');
      await s.signInAs(bob);
      await put('public/bob.txt', 'bob');
      expect(await read('public/bob.txt')).toBe('bob');
      expect(await errorName(remove({ path: 'public/bob.txt' }))).toBe('AccessDenied');
    });

    it('profile-pictures/{entity_id}/*: the owner writes, reads and deletes; a guest reads; another user does none of it', async () => {
      await s.signInAs(alice);
      await uploadData({ path: ({ identityId }) => `profile-pictures/${identityId}/second.png`, data: 'two' }).result;
      expect(await read(`profile-pictures/${aliceId}/second.png`)).toBe('two');
      await remove({ path: ({ identityId }) => `profile-pictures/${identityId}/second.png` });
      expect(await errorName(read(`profile-pictures/${aliceId}/second.png`))).toBe('NoSuchKey');
      await s.beGuest();
      expect(await read(`profile-pictures/${aliceId}/me.png`)).toBe('alice');
      expect(await errorName(put(`profile-pictures/${aliceId}/guest.png`))).toBe('AccessDenied');
      await s.signInAs(bob);
      // as in Amplify, the guest grant is the unauthenticated role's: a signed-in user does not inherit it
      expect(await errorName(read(`profile-pictures/${aliceId}/me.png`))).toBe('AccessDenied');
      expect(await errorName(put(`profile-pictures/${aliceId}/evil.png`))).toBe('AccessDenied');
      expect(await errorName(remove({ path: `profile-pictures/${aliceId}/me.png` }))).toBe('AccessDenied');
      const intoAlice = copy({ source: { path: 'public/welcome.txt' }, destination: { path: `profile-pictures/${aliceId}/x.png` } });
      expect(await errorName(intoAlice)).toBe('AccessDenied');
      await put(`profile-pictures/${bobId}/me.png`, 'bob');
      expect(await read(`profile-pictures/${bobId}/me.png`)).toBe('bob');
    });

    it('admin/*: only ADMINS write; every signed-in user reads; a guest does not', async () => {
      await s.signInAs(carol);
      expect(await errorName(put('admin/notice.txt', 'before'))).toBe('AccessDenied');
      await s.addToGroup(carol, 'ADMINS');
      await s.signInAs(carol); // a new ID token carries cognito:groups
      await put('admin/notice.txt', 'from an admin');
      await s.signInAs(bob);
      expect(await read('admin/notice.txt')).toBe('from an admin');
      expect(await errorName(put('admin/notice.txt', 'bob'))).toBe('AccessDenied');
      expect(await errorName(remove({ path: 'admin/notice.txt' }))).toBe('AccessDenied');
      await s.beGuest();
      expect(await errorName(read('admin/notice.txt'))).toBe('AccessDenied');
      expect(await errorName(getUrl({ path: 'admin/notice.txt', options: { validateObjectExistence: true } }))).not.toBe('no error');
    });

    it('reports/*: the granted function writes and lists there with @aws-sdk/client-s3, but is refused elsewhere', async () => {
      await s.signInAs(alice);
      const client: any = generateClient({ authMode: 'userPool' });
      const written = await client.mutations.writeReport({ title: `r-${run}` });
      expect(written.errors).toBeUndefined();
      expect(written.data).toBe(`reports/r-${run}.txt`);
      expect(await read(`reports/r-${run}.txt`)).toContain('public/welcome.txt');
      const listed = await client.queries.listFiles({ prefix: 'reports/' });
      expect(listed.errors).toBeUndefined();
      expect(listed.data).toContain(`reports/r-${run}.txt`);
      const refused = await client.queries.listFiles({ prefix: 'admin/' });
      expect(refused.data).toBeNull();
      expect(JSON.stringify(refused.errors)).toMatch(/AccessDenied|Access Denied/);
      // users only read reports/
      expect(await errorName(put(`reports/by-alice.txt`))).toBe('AccessDenied');
    });

    it('the second bucket: its own rules, chosen by name', async () => {
      await s.signInAs(alice);
      await put(`archive/${aliceId}/old.txt`, 'old', 'hearthArchive');
      expect(await read(`archive/${aliceId}/old.txt`, 'hearthArchive')).toBe('old');
      await put('shared/both.txt', 'shared', 'hearthArchive');
      // the default bucket does not have it
      expect(await errorName(read('shared/both.txt'))).not.toBe('no error');
      await s.signInAs(bob);
      expect(await read('shared/both.txt', 'hearthArchive')).toBe('shared');
      expect(await errorName(read(`archive/${aliceId}/old.txt`, 'hearthArchive'))).toBe('AccessDenied');
      await s.beGuest();
      expect(await errorName(read('shared/both.txt', 'hearthArchive'))).toBe('AccessDenied');
    });

    it('runs onUpload and onDelete with S3 event records for the default bucket only', async () => {
      await s.signInAs(alice);
      await put('public/trigger me.txt', 'twelve bytes');
      await put(`profile-pictures/${aliceId}/gone.png`, 'x');
      await remove({ path: `profile-pictures/${aliceId}/gone.png` });
      const seen = await eventually(events, (e) => e.some((x) => x.kind.startsWith('ObjectRemoved') && x.key.endsWith('gone.png')));
      expect(seen).toContainEqual(
        expect.objectContaining({ kind: 'ObjectCreated:Put', bucket: s.bucket('hearthFiles'), key: 'public/trigger me.txt', size: 12 }),
      );
      expect(seen).toContainEqual(
        expect.objectContaining({
          kind: 'ObjectRemoved:Delete',
          bucket: s.bucket('hearthFiles'),
          key: `profile-pictures/${aliceId}/gone.png`,
        }),
      );
      expect(seen.filter((e) => e.bucket === s.bucket('hearthArchive'))).toEqual([]);
    });
  });
}
