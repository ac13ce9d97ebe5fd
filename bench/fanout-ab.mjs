#!/usr/bin/env node
/**
 * Before/after of row 8 (a createItem → its onCreateItem event at 1,000 realtime subscribers):
 * one sandbox of bench/apps/catalog per built tree, each started by that tree's own CLI, and
 * rounds of the bench's own fanOutPhase (this tree's bench/phases/data.js: the same client for
 * both) alternating between them, the order swapped every round. Reports per side the median of
 * the rounds' p50 to the last subscriber and the server CPU per mutation from /proc (its fan-out
 * included). The catalog is not seeded: fan-out does not read the table.
 *
 *   node bench/fanout-ab.mjs <tree> [<tree> …] [--engine sqlite|postgres] [--rounds 6] [--profile <dir>]
 *
 * A tree is a checkout with dist/ built (this repo, or `git archive <rev>` into /tmp with
 * node_modules linked, as notes/helpers-common.md shows). --profile runs each sandbox under the V8
 * profiler (bench/cpu-profile-hook.mjs, every 200 µs) and leaves CPU.<pid>.cpuprofile in <dir>
 * (summarise with bench/hotpath-profile.js). env BENCH_PG_URL as bench/run.js.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createSchema, DEFAULT_PG_URL, dropSchema } from './lib/postgres.js';
import { REPO } from './lib/sandbox.js';
import { ms, percentile } from './lib/stats.js';
import { fanOutPhase } from './phases/data.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { engine: { type: 'string', default: 'sqlite' }, rounds: { type: 'string', default: '6' }, profile: { type: 'string' } },
});
if (positionals.length === 0) throw new Error('usage: node bench/fanout-ab.mjs <tree> [<tree> …] [--engine sqlite|postgres] [--rounds n]');
const PG = process.env.BENCH_PG_URL || DEFAULT_PG_URL;

async function startSide(tree, i) {
  const root = resolve(tree);
  const { prepareApp, startSandbox } = await import(join(root, 'bench', 'lib', 'sandbox.js'));
  const dir = prepareApp(`fanout-ab-${i}`, join(root, 'bench', 'apps', 'catalog'));
  let databaseUrl;
  let drop = async () => {};
  if (values.engine === 'postgres') {
    const schema = `hearth_fanout_${i}_${Date.now().toString(36)}`;
    databaseUrl = await createSchema(PG, schema);
    drop = () => dropSchema(PG, schema);
  }
  const env = values.profile
    ? {
        NODE_OPTIONS: `--import=${join(REPO, 'bench', 'cpu-profile-hook.mjs')}`,
        HEARTH_BENCH_PROFILE_DIR: resolve(values.profile),
        HEARTH_BENCH_PROFILE_INTERVAL_US: '200',
      }
    : {};
  const server = await startSandbox({ dir, databaseUrl, env });
  const ctx = { server, dataUrl: server.outputs.data.url, apiKey: server.outputs.data.api_key };
  const stop = async () => {
    await server.stop();
    await drop();
  };
  return { name: `${i}:${tree}`, ctx, p50s: [], cpuMs: [], stop };
}

const sides = [];
try {
  for (const [i, tree] of positionals.entries()) sides.push(await startSide(tree, i));
  const rounds = Number(values.rounds);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      const out = await fanOutPhase(side.ctx, `r${r}-`);
      const p50 = Number(/to all \d+: p50 ([\d.]+) ms/.exec(out.result)?.[1]);
      side.p50s.push(p50);
      side.cpuMs.push(out.cpu?.totalMs ?? Number.NaN);
      console.log(
        `round ${r} ${side.name}: p50 to all ${ms(p50)}, server CPU ${ms(out.cpu?.totalMs ?? Number.NaN)}/mutation · ${out.result}`,
      );
    }
  }
  for (const side of sides) {
    const meanCpu = side.cpuMs.reduce((a, b) => a + b, 0) / side.cpuMs.length;
    console.log(
      `${side.name}: median of round p50s ${ms(percentile(side.p50s, 0.5))} (${side.p50s.map((x) => x.toFixed(1)).join(' ')}) · server CPU ${ms(meanCpu)}/mutation (mean of ${side.cpuMs.length} rounds)`,
    );
  }
} finally {
  for (const side of sides) await side.stop();
}
