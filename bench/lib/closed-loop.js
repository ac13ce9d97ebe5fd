/**
 * A bounded closed-loop load run: `concurrency` workers each call `op(i)` back to back until
 * `maxOps` calls were issued, the deadline passes, or MAX_ERRORS calls failed. Measures each call's
 * latency and the server's CPU over the run. First the same loop runs unmeasured for `warmupMs`
 * (default 1 s, as the autocannon rows warm up), so the figures are the server's steady state and
 * not V8 compiling a path it has not run yet; warm-up calls get indexes from `maxOps` up, so an `op`
 * that makes distinct things per index (sign-ups) never repeats a measured one.
 */
import { cpuPerOp, sampleCpu } from './proc-cpu.js';
import { percentile } from './stats.js';

const MAX_ERRORS = 5;
const WARMUP_MS = 1000;

/** Runs `op` in a closed loop for `warmupMs`; failures are left for the measured run to count. */
async function warmUp({ concurrency, warmupMs, op }) {
  const deadline = performance.now() + warmupMs;
  let k = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      try {
        await op(k++);
      } catch {
        // the measured run counts failures
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** @returns {Promise<{ n: number, rate: number, p50: number, p99: number, errors: number, firstError?: string, cpu: any, clientCpuMs?: number, values: any[] }>} */
export async function closedLoop(ctx, { concurrency, maxOps, durationMs, op, warmupMs = WARMUP_MS }) {
  await warmUp({ concurrency, warmupMs, op: (k) => op(maxOps + k) });
  const lat = [];
  const values = [];
  let issued = 0;
  let errors = 0;
  let firstError;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  const cpu0 = sampleCpu(ctx.server.pid);
  const client0 = process.cpuUsage();
  const worker = async () => {
    while (issued < maxOps && performance.now() < deadline && errors < MAX_ERRORS) {
      const i = issued++;
      const t = performance.now();
      try {
        values.push(await op(i));
        lat.push(performance.now() - t);
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
    p99: percentile(lat, 0.99),
    errors,
    firstError,
    cpu: cpuPerOp(cpu0, cpu1, n),
    clientCpuMs: n ? (client.user + client.system) / 1000 / n : undefined,
    values,
  };
}
