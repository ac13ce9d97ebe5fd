/** Row 1: spawn the CLI, wall time until its `ready` line; median of 5 starts. */
import { sampleCpu } from '../lib/proc-cpu.js';
import { startSandbox } from '../lib/sandbox.js';
import { median, ms } from '../lib/stats.js';

export const STARTS = 5;

/** Returns the row figures and the last sandbox, left running for the next phases. */
export async function readyPhase({ dir, databaseUrl, log }) {
  const times = [];
  const selfReported = [];
  const cpus = [];
  let server;
  for (let i = 0; i < STARTS; i++) {
    server = await startSandbox({ dir, databaseUrl });
    const cpu = sampleCpu(server.pid);
    times.push(server.readyMs);
    const inProcess = Number(server.readyLine.match(/ready in ([\d.]+) ?ms/)?.[1]);
    if (Number.isFinite(inProcess)) selfReported.push(inProcess);
    if (cpu) cpus.push(cpu);
    log(`  start ${i + 1}/${STARTS}: ready in ${ms(server.readyMs)}${i === 0 ? ' (cold: fresh app copy and database)' : ''}`);
    if (i < STARTS - 1) await server.stop();
  }
  const med = median(times);
  const cpuMed = cpus.length ? median(cpus.map((c) => c.selfMs + c.childrenMs)) : undefined;
  const kidsMed = cpus.length ? median(cpus.map((c) => c.childrenMs)) : undefined;
  return {
    server,
    value: med,
    result:
      `median ${ms(med)} (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}; 1st start, cold: ${ms(times[0])}) · n=${STARTS}` +
      (selfReported.length ? ` · the ready line's own "ready in" median: ${ms(median(selfReported))}` : ''),
    cpu: cpuMed === undefined ? undefined : { totalMs: cpuMed, childrenMs: kidsMed, note: 'CPU from spawn to ready, median' },
    pass: med < 300 && times[0] < 500,
  };
}
