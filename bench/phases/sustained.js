/**
 * Rows 12 and 13: a sustained mixed load on the user-profile app (SRP sign-in, owner
 * getUserProfile, owner listUserProfiles, owner createUserProfile) at c=32, with the server's RSS
 * at the start (after a warm-up) and at the end; and the same load for a short time over one vs
 * three sandboxes on one PostgreSQL database.
 */
import { graphql } from '../lib/http.js';
import { mixedLoad, rssMb } from '../lib/mixed-load.js';
import { createSrpClient } from '../lib/srp-client.js';
import { fmt, ms } from '../lib/stats.js';
import { PASSWORD } from './seed.js';

export const SUSTAINED_S = Number(process.env.BENCH_SUSTAINED_S) || 300;
export const INSTANCES_S = Number(process.env.BENCH_INSTANCES_S) || 20;
const CONCURRENCY = 32;
const MAX_RSS_GROWTH = 0.1;
const CREATORS = 10;
const TICK_S = 5;
/** Every 20 operations: 1 sign-in, 9 gets, 6 lists, 4 creates, interleaved. */
const MIX = 'GLGCGLGSGLCGLGCGLGCG'.split('').map((c) => ({ G: 'get', L: 'list', C: 'create', S: 'signin' })[c]);
export const MIX_TEXT = '5% sign-in, 45% get, 30% list, 20% create';

const GET = 'query Get($id: ID!) { getUserProfile(id: $id) { id email profileOwner } }';
const LIST = 'query List { listUserProfiles { items { id email profileOwner } nextToken } }';
const CREATE = 'mutation Create($input: CreateUserProfileInput!) { createUserProfile(input: $input) { id email profileOwner } }';

/** An endpoint set for one sandbox: Cognito calls, SRP client, GraphQL URL. */
export function endpointOf(server, call, dataPath, srpOptions) {
  return { pid: server.pid, dataUrl: `${server.baseUrl}${dataPath}`, srp: createSrpClient({ ...srpOptions, call }) };
}

/**
 * Signs every seeded user in (on the first endpoint), gives the first users a reader role (their own
 * profile, read by id and by list) and the last CREATORS users a creator role (their creates do not
 * enlarge the readers' lists), and checks one request of each kind.
 */
export async function prepareMixed(ctx, endpoints) {
  const [ep] = endpoints;
  const signedIn = [];
  for (const u of ctx.users) {
    const { tokens } = await ep.srp.signIn(u.email, PASSWORD);
    signedIn.push({ email: u.email, token: tokens.AccessToken });
  }
  const creators = signedIn.slice(-CREATORS);
  const readers = signedIn.slice(0, Math.max(1, signedIn.length - CREATORS));
  for (const r of readers) {
    const items = (await graphql(ep.dataUrl, r.token, LIST))?.listUserProfiles?.items ?? [];
    if (items.length !== 1 || items[0].email !== r.email) throw new Error(`${r.email}: listUserProfiles returned ${items.length} profiles`);
    r.profileId = items[0].id;
  }
  const sample = await graphql(ep.dataUrl, creators[0].token, CREATE, { input: { email: `check-${ctx.runId}@example.com` } });
  if (!sample?.createUserProfile?.id) throw new Error(`createUserProfile sample returned ${JSON.stringify(sample).slice(0, 200)}`);
  return { users: signedIn, readers, creators };
}

function makeOps(ctx, prep, endpoints) {
  const at = (i) => endpoints[i % endpoints.length];
  const { users, readers, creators } = prep;
  return {
    signin: (i) => at(i).srp.signIn(users[i % users.length].email, PASSWORD),
    get: async (i) => {
      const r = readers[i % readers.length];
      const d = await graphql(at(i).dataUrl, r.token, GET, { id: r.profileId });
      if (d?.getUserProfile?.id !== r.profileId) throw new Error(`getUserProfile returned ${JSON.stringify(d).slice(0, 200)}`);
    },
    list: async (i) => {
      const r = readers[i % readers.length];
      const items = (await graphql(at(i).dataUrl, r.token, LIST))?.listUserProfiles?.items;
      if (items?.length !== 1 || items[0].id !== r.profileId)
        throw new Error(`listUserProfiles returned ${JSON.stringify(items).slice(0, 200)}`);
    },
    create: async (i) => {
      const c = creators[i % creators.length];
      const email = `sustained-${ctx.runId}-${i}@example.com`;
      const d = await graphql(at(i).dataUrl, c.token, CREATE, { input: { email } });
      if (d?.createUserProfile?.email !== email) throw new Error(`createUserProfile returned ${JSON.stringify(d).slice(0, 200)}`);
    },
  };
}

/** Runs the mix over the endpoints (round robin by operation index) for durationS seconds. */
export function runMix(ctx, prep, endpoints, durationS, onTick) {
  return mixedLoad({
    pids: endpoints.map((e) => e.pid),
    concurrency: CONCURRENCY,
    durationMs: durationS * 1000,
    mix: MIX,
    ops: makeOps(ctx, prep, endpoints),
    onTick,
  });
}

const KIND_LABEL = { signin: 'sign-in', get: 'get', list: 'list', create: 'create' };

/** "1,234 ops/s · p50 … · p99 … · 0 errors"; per kind when `perKind`. */
export function mixText(r, perKind) {
  const kinds = Object.entries(r.kinds);
  let s = `${fmt(r.rate)} ops/s · p50 ${ms(r.p50)} · p99 ${ms(r.p99)} · ${r.errors} errors`;
  if (perKind) s += ` (${kinds.map(([k, v]) => `${KIND_LABEL[k]} ${fmt(v.rate)}/s, p50 ${ms(v.p50)}, p99 ${ms(v.p99)}`).join('; ')})`;
  const failed = kinds.filter(([, v]) => v.errors);
  if (failed.length) s += ` · first errors: ${failed.map(([k, v]) => `${KIND_LABEL[k]} ×${v.errors}: ${v.firstError}`).join('; ')}`;
  return `${s} · n=${r.n.toLocaleString('en-US')}`;
}

/** Up to 6 evenly spaced samples of a 5-second trail, e.g. "about every 50 s: 160, 162, … MB". */
function trailText(trail, unit) {
  if (trail.length < 2) return 'no samples in between';
  const step = Math.ceil(trail.length / 6);
  const picked = trail.filter((_, i) => i % step === step - 1 || i === trail.length - 1);
  return `about every ${step * TICK_S} s: ${picked.map((v) => fmt(v)).join(', ')}${unit ? ` ${unit}` : ''}`;
}

/** Row 12: the mix for SUSTAINED_S seconds on one sandbox, RSS at start (after warm-up) and end. */
export async function sustainedPhase(ctx, prep, endpoint) {
  const warmS = Math.min(10, Math.max(2, Math.round(SUSTAINED_S / 10)));
  await runMix(ctx, prep, [endpoint], warmS);
  const start = rssMb(endpoint.pid);
  const trail = [];
  const done = [0];
  const r = await runMix(ctx, prep, [endpoint], SUSTAINED_S, (n) => {
    trail.push(rssMb(endpoint.pid) ?? 0);
    done.push(n);
  });
  const rates = done.slice(1).map((n, i) => (n - done[i]) / TICK_S);
  const end = rssMb(endpoint.pid);
  const growth = start && end ? (end - start) / start : undefined;
  const rss =
    growth === undefined
      ? 'RSS n/a'
      : `server RSS ${fmt(start)} MB → ${fmt(end)} MB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%, peak ${fmt(Math.max(start, end, ...trail))} MB; ${trailText(trail, 'MB')})`;
  return {
    result: `${SUSTAINED_S} s at c=${CONCURRENCY}, ${MIX_TEXT} (after ${warmS} s warm-up): ${mixText(r, true)} · ops/s per 5 s, ${trailText(rates, '')} · UserProfile grew by ${r.kinds.create.n.toLocaleString('en-US')} rows (the owner list filters the whole table) · ${rss}`,
    cpu: r.cpu,
    cpuNote: `load generator: ${ms(r.clientCpuMs)} CPU per op`,
    pass: r.errors === 0 && r.n > 0 && growth !== undefined && growth <= MAX_RSS_GROWTH,
  };
}
