#!/usr/bin/env node
/**
 * Top entries of a V8 .cpuprofile of the sandbox, for one phase's time window (phases.json, written
 * by bench/auth-focus.js --profile): self and inclusive share of the main thread's busy samples, and
 * that share of the phase's measured server CPU per operation (the process's own, from /proc), so the
 * figures add up to what the bench row reports rather than to the profiler's wall-clock view.
 *
 *   node bench/cpuprofile-top.js test-artifacts/auth-focus/<engine>/profile --phase srp-c1 [--top 25]
 *
 * Time in OpenSSL and in the SQLite driver is charged to the JS function that called into them.
 * Work on other threads (libuv's pool: async scrypt, file I/O) is in the /proc figure but not in
 * the samples, so with such work the ms/op column overstates the main thread's functions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const dir = args[0];
const phaseKey = opt('phase');
if (!dir || !phaseKey) throw new Error('usage: cpuprofile-top.js <profile dir> --phase <key> [--top n]');
const top = Number(opt('top', '25'));

const meta = JSON.parse(readFileSync(join(dir, 'phases.json'), 'utf8'));
const file = readdirSync(dir).find((f) => f === `CPU.${meta.server}.cpuprofile`);
if (!file) throw new Error(`no profile of the sandbox (pid ${meta.server}) in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
const windows = meta.phases.filter((p) => p.key === phaseKey);
if (windows.length === 0) throw new Error(`no phase ${phaseKey} in phases.json`);
// the phase's own-process CPU per op, averaged over its runs (rounds)
const cpuPerOp = windows.reduce((s, w) => s + w.selfCpuMsPerOp * w.ops, 0) / windows.reduce((s, w) => s + w.ops, 0);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const IDLE = new Set(['(idle)', '(program)']);

function keyOf(n) {
  const f = n.callFrame;
  const where = f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : 'native';
  return `${f.functionName || '(anonymous)'} ${where}`;
}

const self = new Map();
const inclusive = new Map();
let busy = 0;
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  if (!windows.some((w) => t >= w.start && t <= w.end)) continue;
  const leaf = byId.get(profile.samples[i]);
  if (IDLE.has(leaf.callFrame.functionName) || leaf.callFrame.functionName === '(root)') continue;
  busy++;
  self.set(keyOf(leaf), (self.get(keyOf(leaf)) ?? 0) + 1);
  const seen = new Set();
  for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
    const k = keyOf(byId.get(id));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + 1);
  }
}

const show = (title, m) => {
  console.log(`\n${title}`);
  for (const [k, n] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    const share = n / busy;
    console.log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${(share * cpuPerOp).toFixed(3).padStart(7)} ms/op  ${k}`);
  }
};
console.log(`${file} · phase ${phaseKey} · ${busy} busy samples · ${cpuPerOp.toFixed(3)} ms server CPU/op (own process, from /proc)`);
show('self time', self);
show('inclusive time', inclusive);
