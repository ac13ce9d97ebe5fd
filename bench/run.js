#!/usr/bin/env node
/**
 * Hearth benchmark: `npm run bench` (builds, then runs this file). Plain ESM, no build step.
 * Runs every measurement against `hearth sandbox --once` on SQLite and on PostgreSQL, prints a
 * markdown table and writes it to bench/results/latest.md, with its figures in latest.json
 * (a run of one engine or a BENCH_ONLY subset writes partial-<name>.md/json instead). Each row is
 * printed beside its figure in bench/results/baseline.json. See bench/README.md.
 *
 *   node bench/run.js [--engine sqlite|postgres|all] [--save-baseline]
 *   node bench/run.js --baseline-from-md <bench table.md>: writes results/baseline.json from a table, runs nothing
 *   env BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test)
 *   env BENCH_ONLY=storage: start-up and the file storage rows only
 *   env BENCH_ONLY=sustained: start-up, the seed flow and the sustained-load rows only
 *   env BENCH_ONLY=console: start-up, the catalog's 100,000 rows and the console row only
 *   env BENCH_ONLY=data: start-up and the catalog rows (5–8 and the console row 14)
 *   env BENCH_ONLY=hatches: the escape-hatch row (15) only
 *   env BENCH_ONLY=graphql: start-up, the seed flow, the ceiling and the GraphQL rows (4) only
 *   env BENCH_SUSTAINED_S (default 300): length of the sustained-load row
 *   env BENCH_INSTANCES_S (default 20): length of each run of the 1 vs 3 instances row
 *   env BENCH_BASELINE (default bench/results/baseline.json): the figures printed as "before"
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baselineFromMarkdown, beforeAfter, concurrencyOf, entry, JSON_FORMAT, NOISE_PCT, ofCeiling, pctText } from './lib/compare.js';
import { cognitoClient } from './lib/http.js';
import { createSchema, DEFAULT_PG_URL, dropSchema } from './lib/postgres.js';
import { cpuAvailable } from './lib/proc-cpu.js';
import { killAllSandboxes, prepareApp, REPO, startSandbox } from './lib/sandbox.js';
import { createSrpClient } from './lib/srp-client.js';
import { fmt, ms } from './lib/stats.js';
import { AUTH_RUNS, authPhase } from './phases/auth.js';
import { CEILING_RUNS, withCeiling } from './phases/ceiling.js';
import { CONSOLE_LOADS, consolePhase } from './phases/console.js';
import { DATA_RUNS, dataQueryPhase, fanOutPhase, ITEMS, SUBSCRIBERS, seedCatalog } from './phases/data.js';
import { escapeHatchPhase, HATCH_LOADS } from './phases/escape-hatches.js';
import { GRAPHQL_RUNS, graphqlPhase, prepareGraphql, warmUp } from './phases/graphql.js';
import { instancesPhase } from './phases/instances.js';
import { readyPhase, STARTS } from './phases/ready.js';
import { seedPhase, USERS } from './phases/seed.js';
import { SRP_RUNS, srpPhase, verifyProfiles } from './phases/srp.js';
import { listPhase, multipartPhase, prepareStorage, rawStreamPhase, STORAGE_RUNS, storagePhase } from './phases/storage.js';
import { endpointOf, INSTANCES_S, prepareMixed, SUSTAINED_S, sustainedPhase } from './phases/sustained.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const WATCHDOG_MS = Number(process.env.BENCH_WATCHDOG_MS) || 25 * 60_000 + 2 * (SUSTAINED_S + 3 * INSTANCES_S) * 1000;
const ONLY = process.env.BENCH_ONLY;
const START_LOAD = loadavg();

const ROWS = [
  { key: 'ready', label: `1. sandbox start → \`ready\` (median of ${STARTS})`, target: 'median < 0.3 s; 1st (fresh) start < 0.5 s' },
  { key: 'seed', label: `2. seed flow: sign-up → profile (${USERS} users)`, target: 'p50 < 15 ms' },
  { key: 'signup-c1', label: '3a. `SignUp`, c=1', target: '≤ 2 ms server CPU / sign-up' },
  { key: 'signup-c16', label: '3a. `SignUp`, c=16', target: '≤ 2 ms server CPU / sign-up' },
  { key: 'srp-c1', label: '3b. SRP sign-in (native client), c=1', target: '≤ 4 ms server CPU / sign-in' },
  { key: 'srp-c16', label: '3b. SRP sign-in (native client), c=16', target: '≤ 4 ms server CPU / sign-in' },
  { key: 'refresh-c1', label: '3c. `GetTokensFromRefreshToken`, c=1', target: '—' },
  { key: 'refresh-c16', label: '3c. `GetTokensFromRefreshToken`, c=16', target: '—' },
  { key: 'ceiling-c1', label: '4. ceiling: raw `node:http` giving the same `getUserProfile` answer, c=1', target: 'yardstick for row 4' },
  { key: 'ceiling-c32', label: '4. ceiling: raw `node:http` giving the same `getUserProfile` answer, c=32', target: 'yardstick for row 4' },
  { key: 'get-c1', label: '4. owner `getUserProfile`, c=1', target: '—' },
  {
    key: 'get-c32',
    label: '4. owner `getUserProfile`, c=32',
    target: '> 5,000 req/s, < 0.3 ms server CPU / req and ≥ 50 % of the ceiling',
    ofCeilingAtLeast: 0.5,
  },
  { key: 'list-c1', label: '4. owner `listUserProfiles`, c=1', target: '—' },
  { key: 'list-c32', label: '4. owner `listUserProfiles`, c=32', target: '—' },
  {
    key: 'list-scan',
    label: `5. \`listItems\` filter on a non-indexed field, ${ITEMS.toLocaleString('en-US')} rows`,
    target: '< 5 ms server CPU / req',
  },
  { key: 'list-indexed', label: `5. \`listItems\` filter on an indexed field, ${ITEMS.toLocaleString('en-US')} rows`, target: '—' },
  { key: 'index-query', label: '6. secondary-index query, key condition + DESC', target: '—' },
  { key: 'nested', label: '7. `getItem` with nested `reviews` (hasMany, 20)', target: '—' },
  {
    key: 'fanout',
    label: `8. subscription fan-out: mutation → ${SUBSCRIBERS.toLocaleString('en-US')} subscribers`,
    target: 'p50 to all < 20 ms',
  },
  { key: 'put-4k-c1', label: '9a. S3 PUT 4 KB, c=1', target: '< 1 ms server CPU / PUT' },
  { key: 'put-4k-c16', label: '9a. S3 PUT 4 KB, c=16', target: '< 1 ms server CPU / PUT' },
  { key: 'get-4k-c1', label: '9b. S3 GET 4 KB, c=1', target: '—' },
  { key: 'get-4k-c16', label: '9b. S3 GET 4 KB, c=16', target: '—' },
  { key: 'put-1m-c1', label: '9c. S3 PUT 1 MB, c=1', target: '—' },
  { key: 'put-1m-c16', label: '9c. S3 PUT 1 MB, c=16', target: '—' },
  { key: 'get-1m-c1', label: '9d. S3 GET 1 MB, c=1', target: '—' },
  { key: 'get-1m-c16', label: '9d. S3 GET 1 MB, c=16', target: '≥ 70% of row 9e' },
  { key: 'raw-1m-c16', label: '9e. raw `node:http` streaming the same 1 MB file, c=16', target: 'yardstick for 9d' },
  { key: 'list-1000', label: '10. S3 ListObjectsV2, 1,000 keys in one page', target: '—' },
  { key: 'multipart-50m', label: '11. S3 multipart upload, 50 MB (10 × 5 MB parts)', target: '—' },
  {
    key: 'sustained',
    label: `12. sustained mixed load (sign-in, get, list, create), c=32, ${SUSTAINED_S} s`,
    target: 'server RSS growth ≤ 10%, no errors',
  },
  { key: 'instances', label: `13. same mix, 1 vs 3 instances on one database, ${INSTANCES_S} s each`, target: '—' },
  {
    key: 'console',
    label: `14. console first paint, ${ITEMS.toLocaleString('en-US')} rows: time to first rows in Chromium (median of ${CONSOLE_LOADS})`,
    target: '< 1 s; bundle < 500 KB gzip',
  },
  {
    key: 'hatches',
    label: `15. backend.ts escape-hatch model: added to load + compile (median of ${HATCH_LOADS})`,
    target: '≤ 50 ms',
  },
];
const DATA_ROWS = ['list-scan', 'list-indexed', 'index-query', 'nested', 'fanout', 'console'];
const STORAGE_ROWS = [...STORAGE_RUNS.map((r) => r.key), 'raw-1m-c16', 'list-1000', 'multipart-50m'];
const ALL_ROWS = ROWS.map((r) => r.key);
const ENGINES = [
  { key: 'sqlite', label: 'SQLite' },
  { key: 'postgres', label: 'PostgreSQL' },
];

const RESULTS_DIR = join(BENCH_DIR, 'results');
const BASELINE = process.env.BENCH_BASELINE || join(RESULTS_DIR, 'baseline.json');

const log = (m) => process.stderr.write(`${m}\n`);

function parseArgs(argv) {
  const i = argv.indexOf('--engine');
  const engine = i >= 0 ? argv[i + 1] : 'all';
  if (!['sqlite', 'postgres', 'all'].includes(engine)) throw new Error(`--engine must be sqlite, postgres or all, not ${engine}`);
  if (ONLY && !['storage', 'sustained', 'console', 'data', 'hatches', 'graphql'].includes(ONLY))
    throw new Error(`BENCH_ONLY must be storage, sustained, console, data, hatches or graphql, not ${ONLY}`);
  const j = argv.indexOf('--baseline-from-md');
  const fromMd = j >= 0 ? argv[j + 1] : undefined;
  if (j >= 0 && !fromMd) throw new Error('--baseline-from-md needs the markdown file to convert');
  // a partial run keeps latest.md/json: it writes partial-<name>.md/json
  const partial = [ONLY, engine === 'all' ? undefined : engine].filter(Boolean).join('-') || undefined;
  const saveBaseline = argv.includes('--save-baseline');
  if (saveBaseline && partial) throw new Error('--save-baseline needs a full run (both engines, no BENCH_ONLY)');
  return { engines: ENGINES.filter((e) => engine === 'all' || e.key === engine), fromMd, partial, saveBaseline };
}

/** results: Map "<row>/<engine>" → { result, cpu, verdict } */
const results = new Map();
/** PostgreSQL schemas created and not yet dropped (dropped by the watchdog too) */
const pendingSchemas = new Map();
const put = (row, engine, r) => results.set(`${row}/${engine}`, r);

function cpuText(r) {
  if (!r.cpu) return r.cpuText ?? 'n/a';
  const { totalMs, childrenMs } = r.cpu;
  let s = ms(totalMs);
  if (childrenMs !== undefined && childrenMs >= 0.0005 && childrenMs / totalMs >= 0.01) s += ` (${ms(childrenMs)} in child processes)`;
  if (r.cpuNote) s += `; ${r.cpuNote}`;
  return s;
}

function verdictOf(r) {
  if (r.pass === true) return 'PASS';
  if (r.pass === false) return 'MISS';
  if (r.errorsSeen) return 'ERRORS';
  return '—';
}

const failRow = (e) => ({ result: `failed: ${oneLine(e)}`, cpuText: '—', verdict: 'FAIL' });
const skipRow = (why) => ({ result: `skipped: ${why}`, cpuText: '—', verdict: 'SKIP' });
/** The result of a row that no phase reached (left out of a partial run's table). */
const NOT_RUN = skipRow('not run').result;
const indent = (s) =>
  s
    .split('\n')
    .map((l) => `    | ${l}`)
    .join('\n');
const oneLine = (e) =>
  String(e?.message ?? e)
    .split('\n')[0]
    .slice(0, 240);

/** Runs one phase into row(s); on failure the row records why and the caller decides what follows. */
async function phase(rowKey, engine, fn, server) {
  const t = performance.now();
  try {
    const r = await fn();
    put(rowKey, engine, { result: r.result, cpuText: cpuText(r), verdict: verdictOf(r) });
    log(`  ${rowKey}: ${r.result} · server CPU ${cpuText(r)} (${ms(performance.now() - t)} wall)`);
    return r;
  } catch (e) {
    put(rowKey, engine, failRow(e));
    log(`  ${rowKey}: FAILED: ${String(e?.stack ?? e)}`);
    if (server) log(`  last sandbox output:\n${indent(server.tail())}`);
    return undefined;
  }
}

function skipRest(engine, fromKeys, why) {
  for (const k of fromKeys) if (!results.has(`${k}/${engine}`)) put(k, engine, skipRow(why));
}

async function benchEngine(engine, runId) {
  log(`\n== ${engine.label} ==`);
  // row 15 loads backend.ts in this process: no database, so it is measured once, in the SQLite column
  if (!ONLY || ONLY === 'hatches') {
    if (engine.key === 'sqlite') await phase('hatches', engine.key, () => escapeHatchPhase({ log }));
    else put('hatches', engine.key, skipRow('no database involved: see the SQLite column'));
  }
  if (ONLY === 'hatches') return;
  let databaseUrl;
  let schema;
  const pgBase = process.env.BENCH_PG_URL || DEFAULT_PG_URL;
  if (engine.key === 'postgres') {
    schema = `hearth_bench_${runId}`;
    pendingSchemas.set(schema, pgBase);
    try {
      databaseUrl = await createSchema(pgBase, schema);
      log(`  schema ${schema} on ${pgBase}`);
    } catch (e) {
      skipRest(engine.key, ALL_ROWS, `PostgreSQL unreachable at ${pgBase} (${oneLine(e)})`);
      return;
    }
  }
  const ctx = { engine: engine.key, runId, log, databaseUrl };
  try {
    try {
      ctx.dir = prepareApp(engine.key);
    } catch (e) {
      const err = e.stderr?.toString() ?? '';
      const line = err.split('\n').find((l) => /error/i.test(l)) ?? err.split('\n')[0];
      const why = `could not prepare the app copy: ${oneLine(line || e)}`;
      log(`  ${why}\n${indent(err || String(e?.stack ?? e))}`);
      put('ready', engine.key, failRow(why));
      skipRest(engine.key, ALL_ROWS, 'the app could not be prepared');
      return;
    }
    const ready = await phase('ready', engine.key, () => readyPhase(ctx));
    if (!ready) return skipRest(engine.key, ALL_ROWS, 'the sandbox did not start');
    ctx.server = ready.server;
    // BENCH_ONLY=storage runs rows 1 and 9–11 only (for work on file storage);
    // BENCH_ONLY=sustained rows 1, 2, 12 and 13; BENCH_ONLY=graphql rows 1, 2 and 4 with the ceiling;
    // BENCH_ONLY=data rows 1, 5–8 and 14
    try {
      if (ONLY !== 'storage' && ONLY !== 'console' && ONLY !== 'data') await runServedPhases(ctx, engine);
    } finally {
      await ctx.server.stop();
    }
    if (!ONLY || ONLY === 'sustained') await runInstancesPhase(ctx, engine);
    if (!ONLY || ONLY === 'console' || ONLY === 'data') await runDataPhases(ctx, engine);
    if (!ONLY || ONLY === 'storage') await runStoragePhases(ctx, engine);
  } finally {
    if (schema) {
      await dropSchema(pgBase, schema).catch((e) => log(`  could not drop schema ${schema}: ${oneLine(e)}`));
      pendingSchemas.delete(schema);
    }
  }
}

async function runServedPhases(ctx, engine) {
  const e = engine.key;
  const auth = ctx.server.outputs.auth ?? {};
  ctx.clientId = auth.user_pool_client_id;
  ctx.dataUrl = ctx.server.outputs.data?.url ?? `${ctx.server.baseUrl}/graphql`;
  const poolName = String(auth.user_pool_id ?? '').split('_')[1] ?? '';
  ctx.call = cognitoClient(ctx.server.baseUrl);
  ctx.srp = createSrpClient({ poolName, clientId: ctx.clientId, call: ctx.call });

  const seed = await phase('seed', e, () => seedPhase(ctx), ctx.server);
  if (!seed) return skipRest(e, ALL_ROWS, 'the seed flow failed');
  let verified;
  try {
    verified = await verifyProfiles(ctx);
    const r = results.get(`seed/${e}`);
    r.result += ` · profile verified via listUserProfiles on ${verified.ok}/${verified.checked} sampled users`;
    log(`  verified ${verified.ok}/${verified.checked} profiles`);
  } catch (err) {
    const r = results.get(`seed/${e}`);
    r.result += ` · profile check FAILED: ${oneLine(err)}`;
    r.verdict = 'FAIL';
    log(`  verification failed: ${err.stack ?? err}\n  last sandbox output:\n${indent(ctx.server.tail())}`);
    if (!ctx.users.some((u) => u.tokens)) return skipRest(e, ALL_ROWS, 'no user could sign in (see row 2)');
  }

  if (ONLY === 'sustained') return runSustainedPhase(ctx, engine);
  if (ONLY !== 'graphql') await runAuthPhases(ctx, e);

  let prep;
  try {
    prep = await prepareGraphql(ctx);
    log(`  GraphQL samples verified; ${prep.ownerCheck}`);
    await warmUp(ctx, prep);
  } catch (err) {
    for (const run of GRAPHQL_RUNS) put(run.key, e, failRow(`sample request: ${oneLine(err)}`));
    log(`  GraphQL sample check failed: ${err.stack ?? err}\n  last sandbox output:\n${indent(ctx.server.tail())}`);
    return;
  }
  try {
    await withCeiling(ctx, prep, (run, measure) => phase(run.key, e, measure));
  } catch (err) {
    log(`  ceiling: the raw node:http server failed: ${err.stack ?? err}`);
    for (const run of CEILING_RUNS) if (!results.has(`${run.key}/${e}`)) put(run.key, e, failRow(`raw server: ${oneLine(err)}`));
  }
  for (const run of GRAPHQL_RUNS) await phase(run.key, e, () => graphqlPhase(ctx, prep, run), ctx.server);
  if (ONLY !== 'graphql') await runSustainedPhase(ctx, engine);
}

/** Rows 3a–3c on the served sandbox. */
async function runAuthPhases(ctx, e) {
  const t = performance.now();
  const pairs = SRP_RUNS.reduce((n, r) => n + r.maxOps, 0);
  ctx.srp.precompute(pairs);
  log(`  precomputed ${pairs} client ephemerals (a, A = g^a) in ${ms(performance.now() - t)} (not timed)`);
  for (const run of SRP_RUNS) await phase(run.key, e, () => srpPhase(ctx, run), ctx.server);
  for (const run of AUTH_RUNS) await phase(run.key, e, () => authPhase(ctx, run), ctx.server);
}

/** Row 12 on the served sandbox (after rows 2–4 when they ran). */
async function runSustainedPhase(ctx, engine) {
  const auth = ctx.server.outputs.auth ?? {};
  const srpOptions = { poolName: String(auth.user_pool_id ?? '').split('_')[1] ?? '', clientId: ctx.clientId };
  const endpoint = endpointOf(ctx.server, ctx.call, new URL(ctx.dataUrl).pathname, srpOptions);
  let prep;
  try {
    prep = await prepareMixed(ctx, [endpoint]);
  } catch (err) {
    log(`  sustained-load preparation failed: ${err.stack ?? err}\n  last sandbox output:\n${indent(ctx.server.tail())}`);
    return put('sustained', engine.key, failRow(`preparation: ${oneLine(err)}`));
  }
  log(`  sustained load: ${prep.readers.length} readers, ${prep.creators.length} creators signed in; running ${SUSTAINED_S} s`);
  await phase('sustained', engine.key, () => sustainedPhase(ctx, prep, endpoint), ctx.server);
}

/** Row 13 (PostgreSQL only): three sandboxes of its own on the same database, users from row 2. */
async function runInstancesPhase(ctx, engine) {
  if (engine.key !== 'postgres') return put('instances', engine.key, skipRow('several instances need PostgreSQL'));
  if (!ctx.users?.length) return skipRest(engine.key, ['instances'], 'no seeded users (see row 2)');
  await phase('instances', engine.key, () => instancesPhase(ctx));
}

/** Rows 5–8 on their own sandbox of bench/apps/catalog, on the same database. */
async function runDataPhases(ctx, engine) {
  const e = engine.key;
  let server;
  try {
    const dir = prepareApp(`${e}-catalog`, join(BENCH_DIR, 'apps', 'catalog'));
    server = await startSandbox({ dir, databaseUrl: ctx.databaseUrl });
  } catch (err) {
    log(`  catalog sandbox failed: ${err.stack ?? err}`);
    return skipRest(e, DATA_ROWS, `the catalog sandbox did not start: ${oneLine(err)}`);
  }
  const dctx = { ...ctx, server, dataUrl: server.outputs.data.url, apiKey: server.outputs.data.api_key };
  try {
    const seeded = await seedCatalog(dctx);
    log(
      `  seeded ${seeded.rows.toLocaleString('en-US')} rows through createItem/createReview in ${ms(seeded.ms)} (${fmt(seeded.rate)} rows/s)`,
    );
    // BENCH_ONLY=console: the console row alone over the seeded rows
    if (ONLY !== 'console') for (const run of DATA_RUNS) await phase(run.key, e, () => dataQueryPhase(dctx, run), server);
    await phase('console', e, () => consolePhase(dctx), server);
    if (ONLY !== 'console') await phase('fanout', e, () => fanOutPhase(dctx), server);
  } catch (err) {
    log(`  catalog seeding failed: ${err.stack ?? err}\n  last sandbox output:\n${indent(server.tail())}`);
    skipRest(e, DATA_ROWS, `seeding failed: ${oneLine(err)}`);
  } finally {
    await server.stop();
  }
}

/** Rows 9–11 on their own sandbox of bench/apps/files, on the same database. */
async function runStoragePhases(ctx, engine) {
  const e = engine.key;
  let server;
  try {
    const dir = prepareApp(`${e}-files`, join(BENCH_DIR, 'apps', 'files'));
    server = await startSandbox({ dir, databaseUrl: ctx.databaseUrl });
  } catch (err) {
    log(`  files sandbox failed: ${err.stack ?? err}`);
    return skipRest(e, STORAGE_ROWS, `the files sandbox did not start: ${oneLine(err)}`);
  }
  const sctx = { ...ctx, server };
  try {
    const prep = await prepareStorage(sctx);
    const rates = {};
    for (const run of STORAGE_RUNS) rates[run.key] = (await phase(run.key, e, () => storagePhase(sctx, prep, run), server))?.rps;
    if (rates['get-1m-c16']) await phase('raw-1m-c16', e, () => rawStreamPhase(prep, rates['get-1m-c16']), server);
    await phase('list-1000', e, () => listPhase(sctx, prep), server);
    await phase('multipart-50m', e, () => multipartPhase(sctx, prep), server);
  } catch (err) {
    log(`  storage preparation failed: ${err.stack ?? err}\n  last sandbox output:\n${indent(server.tail())}`);
  } finally {
    skipRest(e, STORAGE_ROWS, 'not run: an earlier storage step failed (see the log)');
    await server.stop();
  }
}

function environment() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO, encoding: 'utf8' }).trim();
    if (dirty) commit += ' + uncommitted changes';
  } catch {
    // not a git checkout
  }
  const c = cpus();
  const load = `load average at start ${START_LOAD.map((l) => l.toFixed(2)).join(' ')}`;
  const date = new Date().toISOString();
  return { date, commit, line: `${date} · node ${process.version} · ${c.length} × ${c[0]?.model ?? 'cpu'} · ${load} · commit ${commit}` };
}

/** The figures printed as "before" (bench/results/baseline.json), or undefined with the reason logged. */
function loadBaseline() {
  if (!existsSync(BASELINE)) return undefined;
  try {
    const b = JSON.parse(readFileSync(BASELINE, 'utf8'));
    if (b?.format !== JSON_FORMAT || typeof b.rows !== 'object') throw new Error(`not a format-${JSON_FORMAT} results file`);
    return b;
  } catch (e) {
    log(`ignoring the baseline ${BASELINE}: ${oneLine(e)}`);
    return undefined;
  }
}

/** The results as JSON (per row and engine: the cells and their headline figures), the ceiling targets applied. */
function resultsJson(engines, env) {
  const rows = {};
  for (const engine of engines) {
    const rate = (key) => entry('', results.get(`${key}/${engine.key}`) ?? skipRow('not run')).rate;
    const ceilings = { c1: rate('ceiling-c1'), c32: rate('ceiling-c32') };
    for (const row of ROWS) {
      const e = entry(row.label, results.get(`${row.key}/${engine.key}`) ?? skipRow('not run'));
      const concurrency = concurrencyOf(row.key, row.label, e.result);
      if (concurrency !== undefined) e.concurrency = concurrency;
      const share = row.key.startsWith('ceiling-') ? undefined : ofCeiling(e, concurrency, ceilings);
      if (share !== undefined) e.ofCeiling = Number(share.toFixed(4));
      if (row.ofCeilingAtLeast !== undefined && share !== undefined && share < row.ofCeilingAtLeast && e.verdict === 'PASS')
        e.verdict = 'MISS';
      rows[row.key] ??= {};
      rows[row.key][engine.key] = e;
    }
  }
  const only = ONLY ? { only: ONLY } : {};
  return { format: JSON_FORMAT, commit: env.commit, date: env.date, environment: env.line, sustainedS: SUSTAINED_S, ...only, rows };
}

/** A markdown table with padded columns (as the repo's formatter lays tables out). */
function table(engines, json, baseline) {
  const cell = (s) => String(s).replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rows = [['Measurement', 'Engine', 'Result', 'Server CPU / op', '% of ceiling', 'Before → after', 'Target', 'Verdict']];
  // a partial run's table leaves out the rows it did not run
  const ran = (row) => !args?.partial || engines.some((e) => json.rows[row.key][e.key].result !== NOT_RUN);
  for (const row of ROWS.filter(ran)) {
    for (const engine of engines) {
      const r = json.rows[row.key][engine.key];
      const share = row.key.startsWith('ceiling-') ? 'the ceiling' : pctText(r.ofCeiling);
      const ba = beforeAfter(baseline?.rows?.[row.key]?.[engine.key], r);
      rows.push([row.label, engine.label, r.result, r.cpuText, share, ba, row.target, r.verdict].map(cell));
    }
  }
  const width = rows[0].map((_, i) => Math.max(3, ...rows.map((r) => [...r[i]].length)));
  const line = (r) => `| ${r.map((c, i) => c + ' '.repeat(width[i] - [...c].length)).join(' | ')} |`;
  return [line(rows[0]), `| ${width.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

function baselineText(baseline) {
  const file = relative(REPO, BASELINE) || BASELINE;
  if (!baseline) return `Before → after: no baseline (${file} is missing); write one with \`node bench/run.js --save-baseline\`.`;
  const from = baseline.source ? `, converted from ${baseline.source}` : '';
  const sustained = baseline.sustainedS ? `, BENCH_SUSTAINED_S=${baseline.sustainedS}` : '';
  return `Before → after: before = ${file}, commit ${baseline.commit ?? 'unknown'}, ${baseline.date ?? 'undated'}${sustained}${from}.`;
}

/** --baseline-from-md: results/baseline.json from a bench markdown table. */
function convertBaseline(fromMd) {
  const b = baselineFromMarkdown(readFileSync(fromMd, 'utf8'), { rows: ROWS, engines: ENGINES, source: basename(fromMd) });
  const sustained = /, c=32, (\d+) s$/.exec(b.rows.sustained?.sqlite?.label ?? b.rows.sustained?.postgres?.label ?? '');
  if (sustained) b.sustainedS = Number(sustained[1]);
  const n = Object.values(b.rows).reduce((k, byEngine) => k + Object.keys(byEngine).length, 0);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(BASELINE, `${JSON.stringify(b, null, 2)}\n`);
  log(`wrote ${relative(REPO, BASELINE)}: ${n} row/engine entries, commit ${b.commit ?? 'unknown'}, ${b.date ?? 'undated'}`);
  if (b.unmatched.length) log(`  table rows matching no bench row (left out): ${b.unmatched.join('; ')}`);
}

let args;

async function main() {
  args = parseArgs(process.argv.slice(2));
  if (args.fromMd) return convertBaseline(args.fromMd);
  const { engines } = args;
  const watchdog = setTimeout(async () => {
    log(`\nbenchmark watchdog: still running after ${WATCHDOG_MS / 60_000} min; printing what there is and exiting`);
    killAllSandboxes();
    for (const [schema, base] of pendingSchemas) await dropSchema(base, schema).catch(() => {});
    finish(engines, 2);
  }, WATCHDOG_MS);
  watchdog.unref();
  if (!cpuAvailable()) log('warning: /proc is not readable; server CPU figures will be n/a');
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const t0 = performance.now();
  for (const engine of engines) {
    try {
      await benchEngine(engine, runId);
    } catch (e) {
      log(`  ${engine.label}: unexpected failure: ${e.stack ?? e}`);
      skipRest(engine.key, ALL_ROWS, `unexpected failure: ${oneLine(e)}`);
    }
  }
  log(`\ntotal ${ms(performance.now() - t0)}`);
  finish(engines, [...results.values()].some((r) => r.verdict === 'FAIL') ? 1 : 0);
}

function finish(engines, code) {
  const env = environment();
  const json = resultsJson(engines, env);
  const baseline = loadBaseline();
  const md = [
    '# Hearth benchmark',
    '',
    env.line,
    '',
    baselineText(baseline),
    '',
    table(engines, json, baseline),
    '',
    'Server CPU: utime+stime from /proc/<pid>/stat of the `hearth sandbox` process (plus its child processes, e.g. function workers), sampled before and after each phase, divided by the operations in it. Load generator runs in a separate process.',
    '% of ceiling: the row’s requests (or operations) per second as a share of the ceiling rows’ raw `node:http` server under the same client loop, in the same run: c=1 rows against its c=1 figure, every other row against its c=32 figure.',
    `Before → after: server CPU / op, then the row’s rate (else its median or p50), from the baseline to this run; “worse” marks a change of ≥ ${NOISE_PCT} % the wrong way (on a shared machine, rerun the row before concluding).`,
    'MISS = target not met; FAIL = the phase did not work; SKIP = not run (reason given).',
    '',
  ].join('\n');
  process.stdout.write(`\n${md}`);
  const name = args?.partial ? `partial-${args.partial}` : 'latest';
  try {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, `${name}.md`), md);
    writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
    log(`wrote bench/results/${name}.md and ${name}.json`);
    if (args?.saveBaseline && code !== 0) log(`not saving the baseline: ${code === 2 ? 'the watchdog stopped the run' : 'a phase failed'}`);
    else if (args?.saveBaseline) {
      writeFileSync(BASELINE, `${JSON.stringify({ ...json, source: `a full run (bench/results/${name}.json)` }, null, 2)}\n`);
      log(`wrote ${relative(REPO, BASELINE)}`);
    }
  } catch (e) {
    log(`could not write bench/results/${name}.md/json: ${oneLine(e)}`);
  }
  process.exit(code);
}

process.on('SIGINT', () => {
  log('interrupted');
  process.exit(130);
});

await main();
