#!/usr/bin/env node
/**
 * In-process before/after of the owner get/list path: two built trees' backends in one process,
 * batches alternating between them over raw keep-alive sockets, CPU per request from
 * process.cpuUsage (the tiny client is the same for both). On a shared machine this separates a
 * change's cost from the load far better than req/s of two separate runs.
 *
 *   git archive <rev> | tar -x -C /tmp/hearth-before; ln -s $PWD/node_modules /tmp/hearth-before/
 *   (cd /tmp/hearth-before && npx tsc -p tsconfig.build.json)      # the same for the "after" tree
 *   node bench/hotpath-ab.mjs /tmp/hearth-before /tmp/hearth-after [sqlite|postgres] [get|list] [conc=8] [batch=4000] [rounds=8]
 *
 * env PROFILE_SIDE=before|after: instead, profile that side for batch × rounds requests (a .cpuprofile in
 * the OS temp folder; summarise it with bench/hotpath-profile.js). env BENCH_PG_URL as bench/run.js.
 */
process.env.NODE_ENV = 'production';
process.env.HEARTH_RATE_LIMITS = 'off';

import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [BEFORE, AFTER] = process.argv.slice(2, 4);
if (!BEFORE || !AFTER) throw new Error('usage: node bench/hotpath-ab.mjs <before tree> <after tree> [engine] [op] [conc] [batch] [rounds]');
const ENGINE = process.argv[4] ?? 'sqlite';
const OP = process.argv[5] ?? 'get';
const CONC = Number(process.argv[6] ?? 8);
const BATCH = Number(process.argv[7] ?? 4000);
const ROUNDS = Number(process.argv[8] ?? 8);
const PG = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function setup(tree, i) {
  const root = tree === 'before' ? BEFORE : AFTER;
  const { startBackend } = await import(`${root}/dist/server/start-backend.js`);
  const { createMetrics } = await import(`${root}/dist/server/metrics.js`);
  const { silentLogger } = await import(`${root}/dist/util/logger.js`);
  const { cognitoClient, mailboxCode, graphql } = await import(`${root}/bench/lib/http.js`);
  const { createSrpClient } = await import(`${root}/bench/lib/srp-client.js`);
  const { prepareApp } = await import(`${root}/bench/lib/sandbox.js`);
  const dir = prepareApp(`inproc-${tree}`);
  let databaseUrl;
  let dropDatabase = async () => {};
  if (ENGINE === 'postgres') {
    const { createSchema, dropSchema } = await import(`${root}/bench/lib/postgres.js`);
    const schema = `hearth_ab_${tree}_${Date.now().toString(36)}`;
    databaseUrl = await createSchema(PG, schema);
    dropDatabase = () => dropSchema(PG, schema);
  }
  const backend = await startBackend({
    projectRoot: dir,
    host: '127.0.0.1',
    port: 0,
    mailbox: true,
    databaseUrl,
    sqliteSynchronous: 'NORMAL',
    logger: silentLogger,
    metrics: { registry: createMetrics(), access: 'loopback' },
    console: false,
  });
  const outputs = JSON.parse((await import('node:fs')).readFileSync(`${dir}/amplify_outputs.json`, 'utf8'));
  const call = cognitoClient(backend.urls.base);
  const auth = outputs.auth;
  const srp = createSrpClient({ poolName: auth.user_pool_id.split('_')[1], clientId: auth.user_pool_client_id, call });
  srp.precompute(1);
  const email = `inproc-${i}-${Date.now()}@example.com`;
  const Password = 'Bench-Passw0rd!1';
  await call('SignUp', {
    ClientId: auth.user_pool_client_id,
    Username: email,
    Password,
    UserAttributes: [{ Name: 'email', Value: email }],
  });
  const code = await mailboxCode(backend.urls.base, email);
  await call('ConfirmSignUp', { ClientId: auth.user_pool_client_id, Username: email, ConfirmationCode: code });
  const { tokens } = await srp.signIn(email, Password);
  const list = await graphql(outputs.data.url, tokens.AccessToken, 'query { listUserProfiles { items { id } } }');
  const id = list.listUserProfiles.items[0].id;
  const GET = 'query Get($id: ID!) { getUserProfile(id: $id) { id email profileOwner createdAt updatedAt } }';
  const LIST = 'query List { listUserProfiles { items { id email profileOwner createdAt updatedAt } nextToken } }';
  const body = JSON.stringify(OP === 'get' ? { query: GET, variables: { id } } : { query: LIST });
  const port = new URL(backend.urls.base).port;
  const raw = Buffer.from(
    `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAuthorization: ${tokens.AccessToken}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  const stop = async () => {
    await backend.close();
    await dropDatabase();
  };
  return { tree, port: Number(port), raw, stop };
}

/** `n` requests over `conc` keep-alive sockets, each sending the next once its answer is complete. */
function batch(s, n, conc) {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let done = 0;
    let bad = 0;
    for (let c = 0; c < conc; c++) {
      const sock = connect(s.port, '127.0.0.1');
      let buf = '';
      const next = () => {
        if (sent >= n) return sock.end();
        sent++;
        sock.write(s.raw);
      };
      sock.setEncoding('latin1');
      sock.on('connect', next);
      sock.on('error', reject);
      sock.on('data', (d) => {
        buf += d;
        for (;;) {
          const h = buf.indexOf('\r\n\r\n');
          if (h < 0) return;
          const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, h))?.[1]);
          if (buf.length < h + 4 + len) return;
          const bodyText = buf.slice(h + 4, h + 4 + len);
          if (!buf.startsWith('HTTP/1.1 200') || bodyText.includes('"errors"')) bad++;
          buf = buf.slice(h + 4 + len);
          if (++done === n) resolve(bad);
          next();
        }
      });
    }
  });
}

const sides = [await setup('before', 0), await setup('after', 1)];
for (const s of sides) await batch(s, 2000, CONC); // warm-up
const stats = { before: [], after: [] };
if (process.env.PROFILE_SIDE) {
  const { Session } = await import('node:inspector');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  const post = (m, p) => new Promise((ok, ko) => session.post(m, p ?? {}, (e, r) => (e ? ko(e) : ok(r))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  const side = sides.find((s) => s.tree === process.env.PROFILE_SIDE);
  await post('Profiler.start');
  await batch(side, BATCH * ROUNDS, CONC);
  const { profile } = await post('Profiler.stop');
  const file = join(tmpdir(), `hotpath-ab-${side.tree}-${ENGINE}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.log(`profile: ${file}`);
  for (const s of sides) await s.stop();
  process.exit(0);
}
for (let r = 0; r < ROUNDS; r++) {
  for (const s of r % 2 ? [...sides].reverse() : sides) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const bad = await batch(s, BATCH, CONC);
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const us = (c.user + c.system) / BATCH;
    stats[s.tree].push(us);
    console.log(
      `${s.tree} round ${r}: ${us.toFixed(1)} µs CPU/req (user ${(c.user / BATCH).toFixed(1)}), ${((BATCH / wall) * 1000).toFixed(0)} req/s, bad ${bad}`,
    );
  }
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(
  `${ENGINE} ${OP} c=${CONC}: before median ${med(stats.before).toFixed(1)} µs/req, after median ${med(stats.after).toFixed(1)} µs/req (${(((med(stats.after) - med(stats.before)) / med(stats.before)) * 100).toFixed(1)}%)`,
);
for (const s of sides) await s.stop();
process.exit(0);
