/**
 * Row 2 (verification) and row 3: SRP sign-ins with the native-modexp client
 * (InitiateAuth USER_SRP_AUTH → RespondToAuthChallenge PASSWORD_VERIFIER).
 */

import { closedLoop } from '../lib/closed-loop.js';
import { graphql, jwtClaims } from '../lib/http.js';
import { fmt, ms, percentile } from '../lib/stats.js';
import { PASSWORD } from './seed.js';

const LIST = 'query List { listUserProfiles { items { id email profileOwner createdAt updatedAt } nextToken } }';

/**
 * Signs in a sample of the seeded users and checks, with each one's own access token, that
 * listUserProfiles returns exactly that user's profile. Keeps the tokens for later phases.
 */
export async function verifyProfiles(ctx) {
  const n = ctx.users.length;
  const sample = [...new Set([0, 1, Math.floor(n / 4), Math.floor(n / 2), Math.floor((3 * n) / 4), n - 1])].filter((i) => i >= 0 && i < n);
  let ok = 0;
  for (const i of sample) {
    const u = ctx.users[i];
    const { tokens, userId } = await ctx.srp.signIn(u.email, PASSWORD);
    u.tokens = tokens;
    u.userId = userId;
    const claims = jwtClaims(tokens.AccessToken);
    const sub = claims.sub;
    const username = claims.username ?? claims['cognito:username'];
    // stored as "<sub>::<username>"; AppSync reads the owner field back as what follows the last "::" (facts §3.1)
    const owners = new Set([sub, username, `${sub}::${username}`]);
    const data = await graphql(ctx.dataUrl, tokens.AccessToken, LIST);
    const items = data?.listUserProfiles?.items ?? [];
    if (items.length !== 1) throw new Error(`${u.email}: listUserProfiles returned ${items.length} profiles, expected exactly 1`);
    const p = items[0];
    if (p.email !== u.email) throw new Error(`${u.email}: profile email is ${p.email}`);
    if (!owners.has(p.profileOwner)) throw new Error(`${u.email}: profileOwner ${p.profileOwner} is not this user (sub ${sub})`);
    u.profileId = p.id;
    ok++;
  }
  return { checked: sample.length, ok };
}

/** SRP sign-ins of the seeded users, round robin. */
function runSignIns(ctx, concurrency, maxOps, durationMs) {
  const users = ctx.users;
  return closedLoop(ctx, { concurrency, maxOps, durationMs, op: (i) => ctx.srp.signIn(users[i % users.length].email, PASSWORD) });
}

export const SRP_RUNS = [
  { key: 'srp-c1', concurrency: 1, maxOps: 200, durationMs: 3000 },
  { key: 'srp-c16', concurrency: 16, maxOps: 800, durationMs: 4000 },
];

export async function srpPhase(ctx, run) {
  const r = await runSignIns(ctx, run.concurrency, run.maxOps, run.durationMs);
  const rttP50 = percentile(
    r.values.map((v) => v.rttMs),
    0.5,
  );
  const err = r.errors ? ` · ${r.errors} errors (first: ${r.firstError})` : '';
  return {
    value: r.cpu?.totalMs,
    result: `${fmt(r.rate)} sign-ins/s · p50 ${ms(r.p50)} (of which server round-trips ${ms(rttP50)}) · n=${r.n}${err}`,
    cpu: r.cpu,
    cpuNote: `load generator: ${ms(r.clientCpuMs)} CPU per sign-in`,
    pass: r.errors === 0 && r.n > 0 && r.cpu !== undefined && r.cpu.totalMs <= 4,
    failed: r.errors > 0 && r.n === 0,
  };
}
