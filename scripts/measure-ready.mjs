#!/usr/bin/env node
/**
 * Bench row 1 on its own, with more starts: spawn `hearth sandbox --once` in a copy of
 * examples/user-profile and time it to the `ready` line, for fresh apps (a new copy, no .amplify,
 * a new PostgreSQL schema: what the bench's first, "cold" start is) and warm restarts, on SQLite
 * and PostgreSQL; with the CPU the process (and its children) used up to ready.
 *
 *   node scripts/measure-ready.mjs [--fresh 5] [--warm 9] [--engines sqlite,postgres]
 *
 * It measures the dist/ of the tree it is in: to compare with an older commit, copy this script
 * into an export of that commit (`git archive`), build it there and run it there.
 */
import { parseArgs } from 'node:util';
import { createSchema, DEFAULT_PG_URL, dropSchema } from '../bench/lib/postgres.js';
import { sampleCpu } from '../bench/lib/proc-cpu.js';
import { prepareApp, startSandbox } from '../bench/lib/sandbox.js';

const { values } = parseArgs({
  options: {
    fresh: { type: 'string', default: '5' },
    warm: { type: 'string', default: '9' },
    engines: { type: 'string', default: 'sqlite,postgres' },
  },
});

const pgBase = process.env.HEARTH_TEST_DATABASE_URL ?? DEFAULT_PG_URL;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) =>
  `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`;

async function start(dir, databaseUrl) {
  const s = await startSandbox({ dir, databaseUrl });
  const cpu = sampleCpu(s.pid);
  await s.stop();
  return { wall: s.readyMs, cpu: cpu ? cpu.selfMs + cpu.childrenMs : Number.NaN };
}

async function measure(engine) {
  const fresh = [];
  const warm = [];
  for (let i = 0; i < Number(values.fresh); i++) {
    const dir = prepareApp(`measure-ready-${engine}`);
    const schema = `measure_ready_${process.pid}_${i}`;
    const url = engine === 'postgres' ? await createSchema(pgBase, schema) : undefined;
    try {
      fresh.push(await start(dir, url));
      // the warm starts reuse the last fresh app and schema
      if (i === Number(values.fresh) - 1) for (let j = 0; j < Number(values.warm); j++) warm.push(await start(dir, url));
    } finally {
      if (url) await dropSchema(pgBase, schema);
    }
  }
  console.log(`${engine} fresh: wall ${fmt(fresh.map((r) => r.wall))} · cpu ${fmt(fresh.map((r) => r.cpu))}`);
  console.log(`${engine} warm:  wall ${fmt(warm.map((r) => r.wall))} · cpu ${fmt(warm.map((r) => r.cpu))}`);
}

for (const engine of values.engines.split(',')) await measure(engine);
