#!/usr/bin/env node
/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time,
 * and self time per package or source file, as shares of the profile's busy (non-idle) time.
 *
 *   node bench/hotpath-profile.js <file.cpuprofile> [top=25] [focus]
 *
 * With `focus` (a function name), the total times are only those spent under that function.
 */
import { readFileSync } from 'node:fs';

const [file, topArg, focus] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/hotpath-profile.js <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

// self time per node: each sample names the node running; its weight is the time delta after it
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
}

/** `node_modules/<pkg>` (scoped too), a path under the repo's src/ or dist/, or node's own module. */
function placeOf(url) {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 13).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
  }
  const m = url.match(/\/(src|dist)\/(.+)$/);
  if (m) return `${m[1]}/${m[2]}`;
  return url.replace(/^file:\/\//, '');
}

const byFunction = new Map();
const byPlace = new Map();
let busy = 0;
let idle = 0;
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)' || functionName === '(program)') {
    idle += functionName === '(idle)' ? us : 0;
    if (functionName === '(idle)') continue;
  }
  busy += us;
  const place = placeOf(url);
  const key = `${functionName || '(anonymous)'}  ${place}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
}

// inclusive time per function: a node's subtree, counted once where the function is already on the stack
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const keyOf = (n) => `${n.callFrame.functionName || '(anonymous)'}  ${placeOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const subtreeUs = new Map();
const totalOf = (id) => {
  const known = subtreeUs.get(id);
  if (known !== undefined) return known;
  const n = byId.get(id);
  const us = (selfUs.get(id) ?? 0) + (n.children ?? []).reduce((sum, c) => sum + totalOf(c), 0);
  subtreeUs.set(id, us);
  return us;
};
const inclusive = new Map();
const onStack = new Map();
const walk = (id, inFocus) => {
  const n = byId.get(id);
  const key = keyOf(n);
  const focused = inFocus || !focus || n.callFrame.functionName === focus;
  const depth = onStack.get(key) ?? 0;
  if (depth === 0 && focused) inclusive.set(key, (inclusive.get(key) ?? 0) + totalOf(id));
  onStack.set(key, depth + 1);
  for (const c of n.children ?? []) walk(c, focused);
  onStack.set(key, depth);
};
walk(profile.nodes[0].id, false);
inclusive.delete(keyOf(profile.nodes[0]));

const pct = (us) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
const list = (m) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => `${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
    .join('\n');
process.stdout.write(
  `busy ${(busy / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms\n\n## self time by function\n${list(byFunction)}\n\n## self time by package / file\n${list(byPlace)}\n\n## total time (self + callees) by function${focus ? ` under ${focus}` : ''}\n${list(inclusive)}\n`,
);
