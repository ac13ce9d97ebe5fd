/**
 * Row 2 (verification) and row 3: SRP sign-ins with the native-modexp client
 * (InitiateAuth USER_SRP_AUTH → RespondToAuthChallenge PASSWORD_VERIFIER).
 */
import { graphql, jwtClaims } from '../lib/http.js';
import { cpuPerOp, sampleCpu } from '../lib/proc-cpu.js';
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

const MAX_ERRORS = 5;

/** Bounded closed-loop run: stops at maxOps, at the deadline, or after MAX_ERRORS errors. */
async function runSignIns(ctx, concurrency, maxOps, durationMs) {
  const lat = [];
  const rtt = [];
  let issued = 0;
  let errors = 0;
  let firstError;
  const users = ctx.users;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  const cpu0 = sampleCpu(ctx.server.pid);
  const client0 = process.cpuUsage();
  const worker = async () => {
    while (issued < maxOps && performance.now() < deadline && errors < MAX_ERRORS) {
      const u = users[issued++ % users.length];
      const t = performance.now();
      try {
        const r = await ctx.srp.signIn(u.email, PASSWORD);
        lat.push(performance.now() - t);
        rtt.push(r.rttMs);
      } catch (e) {
        errors++;
        firstError ??= e.message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - t0;
  const cpu1 = sampleCpu(ctx.server.pid);
  const client = process.cpuUsage(client0);
  const n = lat.length;
  return {
    n,
    rate: (n / elapsed) * 1000,
    p50: percentile(lat, 0.5),
    rttP50: percentile(rtt, 0.5),
    errors,
    firstError,
    cpu: cpuPerOp(cpu0, cpu1, n),
    clientCpuMs: n ? (client.user + client.system) / 1000 / n : undefined,
  };
}

export const SRP_RUNS = [
  { key: 'srp-c1', concurrency: 1, maxOps: 200, durationMs: 3000 },
  { key: 'srp-c8', concurrency: 8, maxOps: 600, durationMs: 4000 },
];

export async function srpPhase(ctx, run) {
  const r = await runSignIns(ctx, run.concurrency, run.maxOps, run.durationMs);
  const err = r.errors ? ` · ${r.errors} errors (first: ${r.firstError})` : '';
  return {
    value: r.cpu?.totalMs,
    result: `${fmt(r.rate)} sign-ins/s · p50 ${ms(r.p50)} (of which server round-trips ${ms(r.rttP50)}) · n=${r.n}${err}`,
    cpu: r.cpu,
    cpuNote: `load generator: ${ms(r.clientCpuMs)} CPU per sign-in`,
    pass: r.errors === 0 && r.n > 0 && r.cpu !== undefined && r.cpu.totalMs < 5,
    failed: r.errors > 0 && r.n === 0,
  };
}
