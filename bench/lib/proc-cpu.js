/**
 * CPU time of the server, read from /proc (Linux): utime+stime of the sandbox process itself,
 * plus that of its live descendants (function workers, the esbuild service) and of reaped
 * children (cutime+cstime). Clock ticks are converted with `getconf CLK_TCK`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let tickMs;
function clockTickMs() {
  if (tickMs === undefined) {
    let hz = 100;
    try {
      hz = Number.parseInt(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim(), 10) || 100;
    } catch {
      // keep the Linux default
    }
    tickMs = 1000 / hz;
  }
  return tickMs;
}

/** Fields after the `(comm)` part of /proc/<pid>/stat; field n (1-based, man proc) is at index n-3. */
function statFields(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(name);
    if (!f) continue;
    const ppid = Number(f[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  const out = [];
  const queue = [pid];
  for (let i = 0; i < queue.length && i < 10_000; i++) {
    for (const c of children.get(queue[i]) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

export function cpuAvailable() {
  return statFields(process.pid) !== undefined;
}

/** { selfMs, childrenMs } consumed so far by pid (children: live descendants + reaped children). */
export function sampleCpu(pid) {
  const t = clockTickMs();
  const f = statFields(pid);
  if (!f) return undefined;
  const self = (Number(f[11]) + Number(f[12])) * t;
  let kids = (Number(f[13]) + Number(f[14])) * t;
  for (const d of descendants(pid)) {
    const g = statFields(d);
    if (g) kids += (Number(g[11]) + Number(g[12])) * t;
  }
  return { selfMs: self, childrenMs: kids };
}

/** CPU between two samples, per operation. */
export function cpuPerOp(before, after, ops) {
  if (!before || !after || ops <= 0) return undefined;
  const self = (after.selfMs - before.selfMs) / ops;
  // a descendant that exited unreaped between samples makes this negative; clamp
  const kids = Math.max(0, (after.childrenMs - before.childrenMs) / ops);
  return { selfMs: self, childrenMs: kids, totalMs: self + kids, ops, resolutionMs: clockTickMs() / ops };
}
