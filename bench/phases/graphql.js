/** Row 4: owner-authorized getUserProfile / listUserProfiles under autocannon. */
import autocannon from 'autocannon';
import { graphql } from '../lib/http.js';
import { cpuPerOp, sampleCpu } from '../lib/proc-cpu.js';
import { fmt, ms, percentile } from '../lib/stats.js';

const GET = 'query Get($id: ID!) { getUserProfile(id: $id) { id email profileOwner createdAt updatedAt } }';
const LIST = 'query List { listUserProfiles { items { id email profileOwner createdAt updatedAt } nextToken } }';
const DURATION_S = 3;
const MAX_SAMPLES = 2_000_000;

export const GRAPHQL_RUNS = [
  { key: 'get-c1', op: 'get', connections: 1 },
  { key: 'get-c32', op: 'get', connections: 32 },
  { key: 'list-c1', op: 'list', connections: 1 },
  { key: 'list-c32', op: 'list', connections: 32 },
];

/** Checks a sample of each request (and that another user's token cannot read the profile). */
export async function prepareGraphql(ctx) {
  const owner = ctx.users.find((u) => u.tokens && u.profileId);
  const other = ctx.users.find((u) => u.tokens && u !== owner);
  if (!owner) throw new Error('no signed-in user with a profile');
  const token = owner.tokens.AccessToken;
  const got = await graphql(ctx.dataUrl, token, GET, { id: owner.profileId });
  if (got?.getUserProfile?.id !== owner.profileId || got.getUserProfile.email !== owner.email) {
    throw new Error(`getUserProfile sample returned ${JSON.stringify(got).slice(0, 200)}`);
  }
  const listed = await graphql(ctx.dataUrl, token, LIST);
  if (listed?.listUserProfiles?.items?.length !== 1 || listed.listUserProfiles.items[0].id !== owner.profileId) {
    throw new Error(`listUserProfiles sample returned ${JSON.stringify(listed).slice(0, 200)}`);
  }
  let ownerCheck = 'not checked (one user)';
  if (other) {
    let leaked = false;
    try {
      const d = await graphql(ctx.dataUrl, other.tokens.AccessToken, GET, { id: owner.profileId });
      leaked = d?.getUserProfile != null;
    } catch {
      // an authorization error is a correct answer
    }
    if (leaked) throw new Error("another user's token read the owner's profile: owner authorization is not enforced");
    ownerCheck = "another user's token is denied";
  }
  const body = (op) => JSON.stringify(op === 'get' ? { query: GET, variables: { id: owner.profileId } } : { query: LIST });
  return { token, body, ownerCheck };
}

function cannon(opts) {
  const latencies = [];
  return new Promise((resolve, reject) => {
    const inst = autocannon(opts, (err, res) => (err ? reject(err) : resolve({ res, latencies })));
    inst.on('response', (_client, _status, _bytes, responseTime) => {
      if (latencies.length < MAX_SAMPLES) latencies.push(responseTime);
    });
  });
}

const verifiers = {
  get: (b) => typeof b === 'string' && b.includes('"getUserProfile":{') && !b.includes('"errors"'),
  list: (b) => typeof b === 'string' && b.includes('"items":[{') && !b.includes('"errors"'),
};

export async function graphqlPhase(ctx, prep, run, durationS = DURATION_S) {
  const opts = {
    url: ctx.dataUrl,
    method: 'POST',
    connections: run.connections,
    duration: durationS,
    headers: { 'content-type': 'application/json', authorization: prep.token },
    body: prep.body(run.op),
    verifyBody: verifiers[run.op],
    timeout: 10,
  };
  const cpu0 = sampleCpu(ctx.server.pid);
  const client0 = process.cpuUsage();
  const { res, latencies } = await cannon(opts);
  const client = process.cpuUsage(client0);
  const cpu1 = sampleCpu(ctx.server.pid);
  const total = res.requests.total;
  const rps = total / res.duration;
  const gqlErrors = res.mismatches;
  const bad = res.non2xx + gqlErrors + res.errors + res.timeouts;
  const cpu = cpuPerOp(cpu0, cpu1, total);
  const errs = `${res.non2xx} non-2xx · ${gqlErrors} GraphQL errors${res.errors + res.timeouts ? ` · ${res.errors} conn errors/${res.timeouts} timeouts` : ''}`;
  return {
    value: rps,
    result: `${fmt(rps)} req/s · p50 ${ms(percentile(latencies, 0.5))} · p99 ${ms(percentile(latencies, 0.99))} · ${errs} · n=${total.toLocaleString('en-US')}`,
    cpu,
    // the load generator runs in this process: when it is near a full core, it is what limits req/s
    cpuNote: total ? `load generator: ${ms((client.user + client.system) / 1000 / total)} CPU per req` : undefined,
    pass: run.key === 'get-c32' ? bad === 0 && rps > 5000 && cpu !== undefined && cpu.totalMs < 0.3 : undefined,
    errorsSeen: bad,
  };
}

/** A short unmeasured run so the first measured run does not pay for JIT warm-up. */
export async function warmUp(ctx, prep) {
  await graphqlPhase(ctx, prep, { key: 'warm', op: 'get', connections: 8 }, 1);
}
