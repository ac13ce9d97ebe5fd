/**
 * Row 13 (PostgreSQL only): three `hearth sandbox --once` processes on the one database, each in its
 * own app copy and all with the same HEARTH_PUBLIC_URL (the first one's address), so a token issued
 * by one is accepted by the others. The row-12 mix runs for INSTANCES_S seconds over the first
 * instance alone, then round robin over all three; server CPU is summed over the three processes.
 */
import { cpus } from 'node:os';
import { cognitoClient } from '../lib/http.js';
import { freePort, prepareApp, startSandbox } from '../lib/sandbox.js';
import { ms } from '../lib/stats.js';
import { endpointOf, INSTANCES_S, mixText, prepareMixed, runMix } from './sustained.js';

const INSTANCES = 3;
const WARM_S = 5;

async function startInstances(ctx) {
  const ports = [];
  for (let i = 0; i < INSTANCES; i++) ports.push(await freePort());
  const env = { HEARTH_PUBLIC_URL: `http://127.0.0.1:${ports[0]}` };
  const servers = [];
  try {
    for (let i = 0; i < INSTANCES; i++) {
      const dir = prepareApp(`${ctx.engine}-instance-${i + 1}`);
      servers.push(await startSandbox({ dir, databaseUrl: ctx.databaseUrl, port: ports[i], env }));
    }
  } catch (e) {
    for (const s of servers) await s.stop();
    throw e;
  }
  return servers;
}

const cpuOf = (r) => (r.cpu ? ms(r.cpu.totalMs) : 'n/a');

export async function instancesPhase(ctx) {
  const servers = await startInstances(ctx);
  try {
    const auth = servers[0].outputs.auth ?? {};
    const dataPath = new URL(servers[0].outputs.data?.url ?? `${servers[0].baseUrl}/graphql`).pathname;
    const srpOptions = { poolName: String(auth.user_pool_id ?? '').split('_')[1] ?? '', clientId: auth.user_pool_client_id };
    const endpoints = servers.map((s) => endpointOf(s, cognitoClient(s.baseUrl), dataPath, srpOptions));
    const prep = await prepareMixed(ctx, endpoints);
    await runMix(ctx, prep, endpoints, WARM_S);
    const one = await runMix(ctx, prep, endpoints.slice(0, 1), INSTANCES_S);
    const three = await runMix(ctx, prep, endpoints, INSTANCES_S);
    const ratio = three.rate / one.rate;
    const n = cpus().length;
    return {
      result:
        `${INSTANCES_S} s each, same mix at c=32 · 1 instance: ${mixText(one, false)} · ` +
        `3 instances (round robin): ${mixText(three, false)} · 3 vs 1: ×${ratio.toFixed(2)}` +
        ` (${n} cores shared by the instances, PostgreSQL and the load generator: little gain is expected here)`,
      cpu: three.cpu,
      cpuNote: `3 instances, summed over the three processes; 1 instance: ${cpuOf(one)}`,
      errorsSeen: one.errors + three.errors,
    };
  } finally {
    for (const s of servers) await s.stop();
  }
}
