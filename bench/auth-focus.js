#!/usr/bin/env node
/**
 * The auth rows alone (2 seed flow, 3a SignUp, 3b SRP sign-in) on one engine, repeated, for work on
 * their server CPU without a full `npm run bench`. Same phases, same sandbox, same CPU accounting
 * as bench/run.js; prints one line per row and round, and the median over rounds.
 *
 *   node bench/auth-focus.js [--engine sqlite|postgres] [--rounds 3] [--only seed,srp,signup]
 *   node bench/auth-focus.js --profile   # the sandbox runs under the V8 profiler (cpu-profile-hook.mjs); then
 *   node bench/cpuprofile-top.js test-artifacts/auth-focus/<engine>/profile  # top entries per phase
 *
 *   node bench/auth-focus.js --perf      # `perf record` of the sandbox during each srp/signup phase (CPU time, kernel too); then
 *   perf report -i test-artifacts/auth-focus/<engine>/profile/perf-srp-c1-0.data --no-children --sort sym
 *
 * With --profile, each phase's start and end (CLOCK_MONOTONIC, the clock V8's profile samples use)
 * go to phases.json beside the profile, so the top entries can be read for one phase alone.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cognitoClient } from './lib/http.js';
import { createSchema, DEFAULT_PG_URL, dropSchema } from './lib/postgres.js';
import { prepareApp, REPO, startSandbox } from './lib/sandbox.js';
import { createSrpClient } from './lib/srp-client.js';
import { median, ms } from './lib/stats.js';
import { AUTH_RUNS, authPhase } from './phases/auth.js';
import { seedPhase } from './phases/seed.js';
import { SRP_RUNS, srpPhase, verifyProfiles } from './phases/srp.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const engine = arg('engine', 'sqlite');
const rounds = Number(arg('rounds', '3'));
const only = new Set(arg('only', 'seed,srp,signup').split(','));
const profile = process.argv.includes('--profile');
const perf = process.argv.includes('--perf');
const log = (m) => process.stderr.write(`${m}\n`);
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

const outDir = join(REPO, 'test-artifacts', 'auth-focus', engine);
const profileDir = join(outDir, 'profile');
const phases = [];
/** row key → server CPU per op of each round */
const figures = new Map();

/** With --perf, `perf record` samples the sandbox's CPU time (user and kernel) during every srp and signup phase. */
function perfRecord(key, pid) {
  if (!perf || key === 'seed') return undefined;
  const file = join(profileDir, `perf-${key}-${phases.filter((p) => p.key === key).length}.data`);
  const child = spawn('perf', ['record', '-F', '1999', '-g', '-p', String(pid), '-o', file], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return async () => {
    child.kill('SIGINT');
    await exited;
  };
}

async function timed(key, fn, pid) {
  const stopPerf = perfRecord(key, pid);
  // perf needs a moment to attach
  if (stopPerf) await new Promise((resolve) => setTimeout(resolve, 300));
  const start = monotonicUs();
  const r = await fn();
  await stopPerf?.();
  phases.push({ key, start, end: monotonicUs(), ops: r.cpu?.ops, selfCpuMsPerOp: r.cpu?.selfMs });
  const cpu = r.cpu?.totalMs;
  if (!figures.has(key)) figures.set(key, []);
  figures.get(key).push(cpu);
  // the seed flow's target is its latency
  if (key === 'seed') {
    if (!figures.has('seed p50')) figures.set('seed p50', []);
    figures.get('seed p50').push(r.value);
  }
  log(`  ${key}: ${ms(cpu)} server CPU/op · ${r.result}`);
  return r;
}

async function round(ctx, n) {
  log(`round ${n + 1}/${rounds} (${engine})`);
  ctx.runId = `${ctx.baseRunId}r${n}`;
  // the SRP rows sign in the users the seed flow made, so it always runs
  await timed('seed', () => seedPhase(ctx), ctx.server.pid);
  if (only.has('srp')) {
    await verifyProfiles(ctx);
    ctx.srp.precompute(SRP_RUNS.reduce((s, r) => s + r.maxOps, 0));
    for (const run of SRP_RUNS) await timed(run.key, () => srpPhase(ctx, run), ctx.server.pid);
  }
  if (only.has('signup'))
    for (const run of AUTH_RUNS.filter((r) => r.op === 'signup')) await timed(run.key, () => authPhase(ctx, run), ctx.server.pid);
}

async function main() {
  const baseRunId = Date.now().toString(36);
  const pgBase = process.env.BENCH_PG_URL || DEFAULT_PG_URL;
  const schema = engine === 'postgres' ? `hearth_authfocus_${baseRunId}` : undefined;
  const databaseUrl = schema ? await createSchema(pgBase, schema) : undefined;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const hook = join(REPO, 'bench', 'cpu-profile-hook.mjs');
  const env = profile ? { NODE_OPTIONS: `--import=${hook}`, HEARTH_BENCH_PROFILE_DIR: profileDir } : {};
  // JIT-compiled JS frames get names in perf's report through /tmp/perf-<pid>.map
  if (perf) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --perf-basic-prof`.trim();
  const server = await startSandbox({ dir: prepareApp(`auth-focus-${engine}`), databaseUrl, env });
  try {
    const auth = server.outputs.auth ?? {};
    const clientId = auth.user_pool_client_id;
    const call = cognitoClient(server.baseUrl);
    const poolName = String(auth.user_pool_id ?? '').split('_')[1] ?? '';
    const ctx = { engine, baseRunId, log, server, clientId, call, srp: createSrpClient({ poolName, clientId, call }) };
    ctx.dataUrl = server.outputs.data?.url ?? `${server.baseUrl}/graphql`;
    for (let n = 0; n < rounds; n++) await round(ctx, n);
  } finally {
    await server.stop();
    if (schema) await dropSchema(pgBase, schema);
  }
  writeFileSync(join(profileDir, 'phases.json'), JSON.stringify({ engine, server: server.pid, phases }, null, 2));
  console.log(`\n${engine}: server CPU per op (seed p50: latency), median of ${rounds} rounds (each round's figure)`);
  for (const [key, values] of figures)
    console.log(`  ${key.padEnd(12)} ${ms(median(values)).padStart(9)}   (${values.map(ms).join(', ')})`);
}

main().catch((e) => {
  log(e.stack ?? String(e));
  process.exitCode = 1;
});
