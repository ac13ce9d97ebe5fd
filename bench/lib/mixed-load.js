/**
 * A closed-loop load of mixed operations: `concurrency` workers each pick the next operation from
 * a fixed repeating mix (`mix[i % mix.length]`) and call it back to back until the deadline.
 * Latency is recorded per kind; errors are counted per kind with the first message kept, and do
 * not stop the run (the run stops early only after MAX_ERRORS). Server CPU is summed over every
 * pid in `pids` (several instances), sampled before and after. `onTick(completedOps)` is called
 * every `tickMs` (default 5 s) during the run.
 */
import { readFileSync } from 'node:fs';
import { cpuPerOp, sampleCpu } from './proc-cpu.js';
import { percentile } from './stats.js';

const MAX_ERRORS = 1000;

/** VmRSS of a process in MB (from /proc/<pid>/status), or undefined where /proc is not readable. */
export function rssMb(pid) {
  try {
    const kb = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** CPU of several processes summed into one sample (undefined if any cannot be read). */
export function sampleCpuSum(pids) {
  const samples = pids.map((p) => sampleCpu(p));
  if (samples.some((s) => !s)) return undefined;
  return samples.reduce((a, s) => ({ selfMs: a.selfMs + s.selfMs, childrenMs: a.childrenMs + s.childrenMs }), { selfMs: 0, childrenMs: 0 });
}

/**
 * @param {{ pids: number[], concurrency: number, durationMs: number, mix: string[], ops: Record<string, (i: number) => Promise<unknown>>, onTick?: (completedOps: number) => void, tickMs?: number }} o
 * @returns {Promise<{ n: number, rate: number, p50: number, p99: number, errors: number, elapsedMs: number, cpu: any, clientCpuMs?: number, kinds: Record<string, { n: number, rate: number, p50: number, p99: number, errors: number, firstError?: string }> }>}
 */
export async function mixedLoad(o) {
  const lat = Object.fromEntries(Object.keys(o.ops).map((k) => [k, []]));
  const errs = Object.fromEntries(Object.keys(o.ops).map((k) => [k, { count: 0, first: undefined }]));
  let issued = 0;
  let errors = 0;
  let done = 0;
  const t0 = performance.now();
  const deadline = t0 + o.durationMs;
  const cpu0 = sampleCpuSum(o.pids);
  const client0 = process.cpuUsage();
  const tick = o.onTick ? setInterval(() => o.onTick(done), o.tickMs ?? 5000) : undefined;
  const worker = async () => {
    while (performance.now() < deadline && errors < MAX_ERRORS) {
      const i = issued++;
      const kind = o.mix[i % o.mix.length];
      const t = performance.now();
      try {
        await o.ops[kind](i);
        lat[kind].push(performance.now() - t);
        done++;
      } catch (e) {
        errors++;
        errs[kind].count++;
        errs[kind].first ??= String(e?.message ?? e).slice(0, 200);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: o.concurrency }, worker));
  } finally {
    if (tick) clearInterval(tick);
  }
  const elapsedMs = performance.now() - t0;
  const cpu1 = sampleCpuSum(o.pids);
  const client = process.cpuUsage(client0);
  const all = Object.values(lat).flat();
  const kinds = {};
  for (const k of Object.keys(o.ops)) {
    const l = lat[k];
    kinds[k] = {
      n: l.length,
      rate: (l.length / elapsedMs) * 1000,
      p50: percentile(l, 0.5),
      p99: percentile(l, 0.99),
      errors: errs[k].count,
      firstError: errs[k].first,
    };
  }
  return {
    n: all.length,
    rate: (all.length / elapsedMs) * 1000,
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    errors,
    elapsedMs,
    cpu: cpuPerOp(cpu0, cpu1, all.length),
    clientCpuMs: all.length ? (client.user + client.system) / 1000 / all.length : undefined,
    kinds,
  };
}
