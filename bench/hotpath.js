#!/usr/bin/env node
/**
 * The data hot path alone (issue 12): row 4 (owner get/list at c=1 and c=32), row 8 (fan-out to
 * 1,000 subscribers) and a raw `node:http` ceiling under the same autocannon loop, each repeated,
 * without the rest of the benchmark. Needs an up-to-date dist/ (npm run build).
 *
 *   node bench/hotpath.js [--engine sqlite|postgres] [--rows ceiling,get-c1,get-c32,list-c1,list-c32,fanout]
 *                         [--repeat 3] [--prof <dir>]
 *
 * --prof profiles each sandbox (cpu-profile-hook.mjs, sampling every 200 µs) and writes its profile into <dir> when it stops
 * (summarise one with `node bench/hotpath-profile.js <file>`). Figures are medians of the repeats;
 * on a shared machine prefer the server CPU per op over req/s.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cognitoClient, graphql, mailboxCode } from './lib/http.js';
import { createSchema, DEFAULT_PG_URL, dropSchema } from './lib/postgres.js';
import { freePort, prepareApp, startSandbox } from './lib/sandbox.js';
import { createSrpClient } from './lib/srp-client.js';
import { fmt, median, ms } from './lib/stats.js';
import { fanOutPhase } from './phases/data.js';
import { GRAPHQL_RUNS, graphqlPhase, prepareGraphql, warmUp } from './phases/graphql.js';
import { PASSWORD } from './phases/seed.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const ALL = ['ceiling', ...GRAPHQL_RUNS.map((r) => r.key), 'fanout'];
const log = (m) => process.stderr.write(`${m}\n`);

function parseArgs(argv) {
  const value = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const engine = value('--engine', 'sqlite');
  if (!['sqlite', 'postgres'].includes(engine)) throw new Error(`--engine must be sqlite or postgres, not ${engine}`);
  const rows = value('--rows', ALL.join(',')).split(',');
  for (const r of rows) if (!ALL.includes(r)) throw new Error(`unknown row ${r}; rows are ${ALL.join(', ')}`);
  const prof = value('--prof', undefined);
  return { engine, rows, repeat: Number(value('--repeat', '3')), prof: prof && resolve(prof) };
}

const profEnv = (dir, name) => {
  if (!dir) return {};
  const into = join(dir, name);
  mkdirSync(into, { recursive: true });
  // node refuses --cpu-prof in NODE_OPTIONS: a preloaded inspector session takes the profile instead
  return {
    NODE_OPTIONS: `--import=${join(BENCH_DIR, 'cpu-profile-hook.mjs')}`,
    HEARTH_BENCH_PROFILE_DIR: into,
    HEARTH_BENCH_PROFILE_INTERVAL_US: '200',
  };
};

/** A plain node:http server in its own process answering a fixed JSON body, for the same loop. */
async function ceilingServer() {
  const port = await freePort();
  const body = JSON.stringify({
    data: {
      getUserProfile: { id: 'x'.repeat(36), email: 'bench@example.com', profileOwner: 'y'.repeat(80), createdAt: '', updatedAt: '' },
    },
  });
  const src = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(200, { 'content-type': 'application/json', 'content-length': ${Buffer.byteLength(body)} }); s.end(${JSON.stringify(body)}); }); }).listen(${port}, '127.0.0.1', () => console.log('up'));`;
  const child = spawn(process.execPath, ['-e', src], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ok, fail) => {
    child.stdout.once('data', ok);
    child.once('exit', (c) => fail(new Error(`ceiling server exited with ${c}`)));
  });
  return { pid: child.pid, url: `http://127.0.0.1:${port}/graphql`, stop: () => child.kill('SIGTERM') };
}

function runCeiling(url, connections) {
  return new Promise((ok, fail) =>
    autocannon(
      { url, method: 'POST', connections, duration: 3, headers: { 'content-type': 'application/json' }, body: '{"query":"x"}' },
      (e, r) => (e ? fail(e) : ok(r.requests.total / r.duration)),
    ),
  );
}

/** Two users signed up, confirmed (their profiles made by the trigger) and signed in with SRP. */
async function seedUsers(ctx) {
  const call = cognitoClient(ctx.server.baseUrl);
  const auth = ctx.server.outputs.auth;
  const srp = createSrpClient({ poolName: String(auth.user_pool_id).split('_')[1], clientId: auth.user_pool_client_id, call });
  srp.precompute(2);
  const users = [];
  for (let i = 0; i < 2; i++) {
    const email = `hot-${ctx.runId}-${i}@example.com`;
    const attributes = [{ Name: 'email', Value: email }];
    await call('SignUp', { ClientId: auth.user_pool_client_id, Username: email, Password: PASSWORD, UserAttributes: attributes });
    const code = await mailboxCode(ctx.server.baseUrl, email);
    await call('ConfirmSignUp', { ClientId: auth.user_pool_client_id, Username: email, ConfirmationCode: code });
    const { tokens } = await srp.signIn(email, PASSWORD);
    const listed = await graphql(ctx.dataUrl, tokens.AccessToken, 'query { listUserProfiles { items { id } } }');
    users.push({ email, tokens, profileId: listed.listUserProfiles.items[0]?.id });
  }
  return users;
}

function summary(key, runs) {
  const rps = median(runs.map((r) => r.value));
  const cpus = runs.map((r) => r.cpu?.totalMs).filter((c) => c !== undefined);
  return `${key}: median ${fmt(rps)} req/s · server CPU/op median ${cpus.length ? ms(median(cpus)) : 'n/a'} · runs: ${runs
    .map((r) => `${fmt(r.value)} req/s @ ${r.cpu ? ms(r.cpu.totalMs) : 'n/a'}`)
    .join(' | ')}`;
}

async function graphqlRows(ctx, o, out) {
  const keys = GRAPHQL_RUNS.filter((r) => o.rows.includes(r.key));
  if (!keys.length) return;
  const dir = prepareApp(`hotpath-${o.engine}`);
  ctx.server = await startSandbox({ dir, databaseUrl: ctx.databaseUrl, env: profEnv(o.prof, 'user-profile') });
  try {
    ctx.dataUrl = ctx.server.outputs.data.url;
    ctx.users = await seedUsers(ctx);
    const prep = await prepareGraphql(ctx);
    log(`  samples checked; ${prep.ownerCheck}`);
    await warmUp(ctx, prep);
    for (const run of keys) {
      const runs = [];
      for (let i = 0; i < o.repeat; i++) runs.push(await graphqlPhase(ctx, prep, run));
      out.push(summary(run.key, runs));
      log(`  ${out.at(-1)}`);
      for (const r of runs) if (r.errorsSeen) log(`  ${run.key}: ${r.result}`);
    }
  } finally {
    await ctx.server.stop();
  }
}

async function fanoutRow(ctx, o, out) {
  if (!o.rows.includes('fanout')) return;
  const dir = prepareApp(`hotpath-${o.engine}-catalog`, join(BENCH_DIR, 'apps', 'catalog'));
  const server = await startSandbox({ dir, databaseUrl: ctx.databaseUrl, env: profEnv(o.prof, 'catalog') });
  try {
    const dctx = { ...ctx, server, dataUrl: server.outputs.data.url, apiKey: server.outputs.data.api_key };
    const runs = [];
    for (let i = 0; i < o.repeat; i++) {
      runs.push(await fanOutPhase(dctx, `r${i}`));
      log(`  fanout ${i + 1}: ${runs.at(-1).result} · ${ms(runs.at(-1).cpu?.totalMs)} CPU/mutation`);
    }
    out.push(`fanout: ${runs.map((r) => `${r.result.split(' · ')[0]} @ ${ms(r.cpu?.totalMs)} CPU`).join(' | ')}`);
  } finally {
    await server.stop();
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const ctx = { engine: o.engine, runId: `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`, log };
  const out = [];
  if (o.rows.includes('ceiling')) {
    const c = await ceilingServer();
    try {
      const rates = [];
      for (let i = 0; i < o.repeat; i++) rates.push(await runCeiling(c.url, 32));
      out.push(`ceiling c=32: median ${fmt(median(rates))} req/s · runs ${rates.map(fmt).join(' | ')}`);
      log(`  ${out.at(-1)}`);
    } finally {
      c.stop();
    }
  }
  const pgBase = process.env.BENCH_PG_URL || DEFAULT_PG_URL;
  const schema = o.engine === 'postgres' ? `hearth_hot_${ctx.runId}` : undefined;
  if (schema) ctx.databaseUrl = await createSchema(pgBase, schema);
  try {
    await graphqlRows(ctx, o, out);
    await fanoutRow(ctx, o, out);
  } finally {
    if (schema) await dropSchema(pgBase, schema);
  }
  process.stdout.write(`# hot path, ${o.engine}, ${o.repeat} repeats\n${out.join('\n')}\n`);
}

main().catch((e) => {
  log(e.stack ?? String(e));
  process.exit(1);
});
