/**
 * Issue 9's crash promise for auth and data: 16 clients sign up, confirm (the seed's postConfirmation
 * trigger creates a UserProfile) and create and update their own notes through GraphQL while a real
 * `hearth sandbox` is killed with SIGKILL at random moments, 20 times, and restarted on the same
 * state. After every restart: each acknowledged sign-up is stored, each acknowledged confirmation is
 * CONFIRMED, each CONFIRMED user has its profile (its trigger ran) or its postConfirmation invocation
 * kept in hearth_invocations (the kill came between the two), each acknowledged create or update
 * is there with its value or a later one in flight, no row is half a write, and SQLite's integrity
 * check passes. Clients then carry on from what is stored, as a real client retrying would.
 *
 * Runs on SQLite and PostgreSQL (HEARTH_TEST_DATABASE_URL), ~40 s each.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyExample } from '../support/app-copy.js';
import { type Failure, killHard, pause } from '../support/crash-support.js';
import { type DbPeek, peekDatabase } from '../support/db-peek.js';
import { databaseFor, E2E_ENGINES } from '../support/pg-schema.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';
import { noteText, type UserState, type Workload, worker } from './auth-data-crash-workload.js';

const KILLS = 20;
const CLIENTS = 16;
/** steps a round acknowledges before its kill may come (a bounded wait) */
const MIN_ACKED = 8;

// the seed's schema plus a model each signed-in user writes
const DATA = `import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
import { postConfirmation } from '../auth/post-confirmation/resource';
const schema = a
  .schema({
    UserProfile: a.model({ email: a.string(), profileOwner: a.string() })
      .authorization((allow) => [allow.ownerDefinedIn('profileOwner')]),
    Note: a.model({ text: a.string().required(), version: a.integer().required() })
      .authorization((allow) => [allow.owner()]),
  })
  .authorization((allow) => [allow.resource(postConfirmation)]);
export type Schema = ClientSchema<typeof schema>;
export const data = defineData({ schema, authorizationModes: { defaultAuthorizationMode: 'userPool' } });
`;

interface UserRow {
  sub: string;
  status: string;
  attributes: string | Record<string, string>;
}
interface NoteRow {
  id: string;
  text: string | null;
  version: number | null;
  owner: string | null;
}

const figures = { acknowledged: 0, committedUnanswered: 0, confirmRetries: 0 };
/** confirmed users whose postConfirmation was recorded (failed, or pending after a kill) but had not run at a check */
const triggerRecordedNotRun = new Set<string>();
/** users whose kept postConfirmation ran more than once (a poll re-ran it after a kill) */
const rerunTriggers = new Set<string>();
/** the kept postConfirmation rows at the last check, by status and error */
const keptByStatus = new Map<string, number>();
/** users whose trigger had run when a kill left them unconfirmed (their retried confirmation runs it again) */
const triggerRanUnconfirmed = new Set<string>();

/** what is stored, checked against what the clients were told; then the clients' state follows the store */
async function verify(db: DbPeek, users: UserState[]): Promise<string[]> {
  const problems: string[] = [];
  const integrity = await db.integrity();
  if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
  const rows = await db.all<UserRow>('select sub, status, attributes from hearth_users');
  const byEmail = new Map(rows.map((r) => [(typeof r.attributes === 'string' ? JSON.parse(r.attributes) : r.attributes).email, r]));
  const profiles = new Map<string, number>();
  for (const p of await db.all<{ profileOwner: string | null }>('select "profileOwner" from "UserProfile"')) {
    const sub = (p.profileOwner ?? '').split('::')[0] ?? '';
    profiles.set(sub, (profiles.get(sub) ?? 0) + 1);
  }
  const notes = new Map((await db.all<NoteRow>('select id, text, version, owner from "Note"')).map((n) => [n.id, n]));
  const recorded = await recordedPostConfirmations(db);
  for (const u of users) problems.push(...verifyUser(u, byEmail.get(u.email), { profiles, notes, recorded }));
  const known = new Set(users.flatMap((u) => u.notes.map((n) => n.id)));
  for (const id of notes.keys()) if (!known.has(id)) problems.push(`note ${id} was never sent`);
  return problems;
}

/**
 * Subs whose postConfirmation invocation is kept (pending: a kill came between the confirmation's
 * commit and the trigger's end, and a poll runs it once its lease ends; or failed).
 */
async function recordedPostConfirmations(db: DbPeek): Promise<Set<string>> {
  const rows = await db.all<{ event: string; status: string; last_error: string | null }>(
    "select event, status, last_error from hearth_invocations where source = 'cognito:PostConfirmation_ConfirmSignUp'",
  );
  keptByStatus.clear();
  for (const r of rows) {
    const why = `${r.status}${r.last_error ? ` (${r.last_error.slice(0, 40)})` : ''}`;
    keptByStatus.set(why, (keptByStatus.get(why) ?? 0) + 1);
  }
  return new Set(rows.map((r) => (JSON.parse(r.event) as { userName: string }).userName));
}

function verifyUser(
  u: UserState,
  row: UserRow | undefined,
  seen: { profiles: Map<string, number>; notes: Map<string, NoteRow>; recorded: Set<string> },
): string[] {
  const { profiles, notes } = seen;
  const problems: string[] = [];
  if (!row) {
    if (u.signUpAcked) problems.push(`${u.email}: acknowledged sign-up is gone`);
    if (u.stage !== 'new') problems.push(`${u.email}: at ${u.stage} but not stored`);
    return problems;
  }
  if (u.stage === 'new') figures.committedUnanswered++;
  if (u.stage === 'new') u.stage = 'signedUp';
  const confirmed = row.status === 'CONFIRMED';
  if (u.confirmAcked && !confirmed) problems.push(`${u.email}: acknowledged confirmation, stored as ${row.status}`);
  const count = profiles.get(row.sub) ?? 0;
  // CONFIRMED commits with the trigger's invocation row, which goes only once the trigger has run
  if (confirmed && count === 0) {
    if (seen.recorded.has(row.sub)) triggerRecordedNotRun.add(u.email);
    else problems.push(`${u.email}: CONFIRMED without a profile and without its postConfirmation recorded`);
  }
  // the trigger ran, then a kill came before its row was settled: a poll runs the kept row again, and a
  // killed server's worker may still finish its run (at least once, as Lambda). Without a kept row,
  // only a retried confirmation may have run it more than once.
  if (count > 1 && seen.recorded.has(row.sub)) rerunTriggers.add(u.email);
  else if (count > Math.max(1, u.confirmCalls)) problems.push(`${u.email}: ${count} profiles from ${u.confirmCalls} confirmation(s)`);
  if (!confirmed && count > 0 && u.stage === 'signedUp') triggerRanUnconfirmed.add(u.email);
  if (confirmed && u.stage === 'signedUp') {
    figures.committedUnanswered++;
    u.stage = 'confirmed';
  }
  for (const n of [...u.notes]) problems.push(...verifyNote(u, n, notes.get(n.id)));
  return problems;
}

function verifyNote(u: UserState, n: UserState['notes'][number], row: NoteRow | undefined): string[] {
  if (!row) {
    if (n.acked !== undefined) return [`note ${n.id}: acknowledged create (v${n.acked}) is gone`];
    u.notes.splice(u.notes.indexOf(n), 1); // its create never committed: forgotten, as by a client that gives up
    return [];
  }
  const problems: string[] = [];
  const version = Number(row.version);
  if (row.text !== noteText(n.id, version) || !row.owner) problems.push(`note ${n.id}: half a row ${JSON.stringify(row)}`);
  if (n.acked !== undefined && version < n.acked) problems.push(`note ${n.id}: v${version} stored, v${n.acked} was acknowledged`);
  if (version > n.sent) problems.push(`note ${n.id}: v${version} stored, only up to v${n.sent} was sent`);
  if (n.acked !== version) figures.committedUnanswered++;
  n.acked = version;
  n.sent = version;
  return problems;
}

for (const engine of E2E_ENGINES) {
  const title = `a sandbox killed mid sign-up, confirmation and write on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`;
  describe.skipIf(Boolean(engine.skip))(title, () => {
    const cleanup: (() => Promise<unknown> | unknown)[] = [];
    afterAll(async () => {
      for (const c of cleanup.reverse()) await c();
    });

    it('keeps every acknowledged write, confirms no user whose trigger did not run, and leaves no half row', async () => {
      const app = copyExample('user-profile');
      cleanup.push(() => app.remove());
      writeFileSync(join(app.dir, 'amplify/data/resource.ts'), DATA);
      const database = await databaseFor(engine.name);
      cleanup.push(database.drop);
      const port = await freePort();
      let sandbox: SandboxProcess = await startSandbox({ cwd: app.dir, port, databaseUrl: database.url });
      cleanup.push(() => sandbox.stop());
      const outputs = JSON.parse(readFileSync(join(app.dir, 'amplify_outputs.json'), 'utf8'));
      const db = await peekDatabase({ url: database.url, sqliteFile: join(app.dir, '.amplify/hearth/data.sqlite') });
      cleanup.push(() => db.close());
      const users: UserState[] = [];
      const failures: Failure[] = [];
      const problems: string[] = [];
      const clients = Array.from({ length: CLIENTS }, () => ({}) as { user?: UserState });
      Object.assign(figures, { acknowledged: 0, committedUnanswered: 0, confirmRetries: 0 });
      triggerRanUnconfirmed.clear();
      triggerRecordedNotRun.clear();
      rerunTriggers.clear();
      const t0 = performance.now();
      let resent = 0;

      for (let kill = 0; kill < KILLS; kill++) {
        let alive = true;
        const w: Workload = { port, clientId: outputs.auth.user_pool_client_id, alive: () => alive, failures, users, resent: 0, acked: 0 };
        const running = clients.map((c, i) => worker(w, `c${i}`, c));
        await pause(500, 1200);
        // on a loaded machine a round may not get past the functions' cold start: let some work land first
        for (const until = Date.now() + 3_000; w.acked < MIN_ACKED && Date.now() < until; ) await pause(50, 50);
        alive = false;
        await killHard(sandbox);
        for (const n of await Promise.all(running)) figures.acknowledged += n;
        resent += w.resent;
        sandbox = await startSandbox({ cwd: app.dir, port, databaseUrl: database.url });
        problems.push(...(await verify(db, users)).map((p) => `after kill ${kill + 1}: ${p}`));
      }
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      expect(failures).toEqual([]);
      expect(problems).toEqual([]);
      const confirmed = users.filter((u) => u.stage === 'confirmed' || u.stage === 'done').length;
      figures.confirmRetries = users.filter((u) => u.confirmCalls > 1).length;
      console.log(
        `auth+data crash on ${engine.name}: ${KILLS} kills in ${seconds} s, ${CLIENTS} clients, ${figures.acknowledged} steps acknowledged; ` +
          `${users.length} users (${confirmed} confirmed), ${users.reduce((s, u) => s + u.notes.length, 0)} notes; ` +
          `${figures.committedUnanswered} writes committed unanswered; ${figures.confirmRetries} confirmations retried after a kill, ` +
          `${triggerRanUnconfirmed.size} users' trigger had run when a kill left them unconfirmed; ` +
          `${triggerRecordedNotRun.size} confirmed users' trigger was recorded (failed or pending), not run, ${rerunTriggers.size} ran more than once (kept rows at the end: ${JSON.stringify(Object.fromEntries(keptByStatus))}); ${resent} codes resent`,
      );
      expect(users.some((u) => u.notes.some((n) => n.acked !== undefined && n.acked > 1))).toBe(true);
    }, 120_000);
  });
}
