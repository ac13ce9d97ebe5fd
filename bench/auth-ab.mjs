#!/usr/bin/env node
/**
 * In-process before/after of an SRP sign-in's server CPU: two built trees' Cognito handlers (auth
 * service, stores, each tree's own database code) in one process, each on its own SQLite file or
 * PostgreSQL schema, signing in alternating batches, so load on a shared machine falls on both
 * alike. CPU is read around the handler calls only (process.cpuUsage), as in auth-micro.js: no
 * HTTP, and not the SRP client's own maths. Build the old tree first, e.g.
 *   git archive <rev> | tar -x -C /tmp/old && ln -s "$PWD/node_modules" /tmp/old/ && (cd /tmp/old && npx tsc -p tsconfig.build.json)
 *
 *   node bench/auth-ab.mjs --old /tmp/old [--new .] [--engine sqlite|postgres] [--users 40] [--batches 16] [--batch 20]
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cliArg } from './lib/auth-database.js';
import { benchPoolIr, inProcessCall } from './lib/in-process-auth.js';
import { createSchema, DEFAULT_PG_URL, dropSchema } from './lib/postgres.js';
import { REPO } from './lib/sandbox.js';
import { createSrpClient } from './lib/srp-client.js';
import { median } from './lib/stats.js';

const engine = cliArg('engine', 'sqlite');
const users = Number(cliArg('users', '40'));
const batches = Number(cliArg('batches', '16'));
const batchSize = Number(cliArg('batch', '20'));
const trees = { old: resolve(cliArg('old', '')), new: resolve(cliArg('new', REPO)) };
const PASSWORD = 'Bench-Passw0rd!1';
const ir = benchPoolIr('authab');

/** `tree`'s dist module `path`. */
const load = (tree, path) => import(join(tree, 'dist', path));

/** A fresh database made with `tree`'s own code. */
async function openDatabase(tree, name) {
  const { createSqlDatabase } = await load(tree, 'db/sql/create-database.js');
  if (engine === 'sqlite') {
    const [{ connectSqlite }, { sqliteDialect }] = await Promise.all([
      load(tree, 'db/sqlite/connect.js'),
      load(tree, 'db/sqlite/dialect.js'),
    ]);
    const dir = join(REPO, 'test-artifacts', `auth-ab-${name}`);
    rmSync(dir, { recursive: true, force: true });
    return { db: createSqlDatabase(connectSqlite(join(dir, 'db.sqlite'), 'NORMAL'), sqliteDialect), drop: async () => {} };
  }
  const [{ connectPostgres }, { postgresDialect }] = await Promise.all([
    load(tree, 'db/postgres/connect.js'),
    load(tree, 'db/postgres/dialect.js'),
  ]);
  const base = process.env.BENCH_PG_URL || DEFAULT_PG_URL;
  const schema = `hearth_authab_${name}_${Date.now().toString(36)}`;
  const url = await createSchema(base, schema);
  return { db: createSqlDatabase(await connectPostgres(url), postgresDialect), drop: () => dropSchema(base, schema) };
}

/** One tree's handler with `users` confirmed users, and a client whose calls add their CPU to `meter.ms`. */
async function side(name, tree) {
  const [{ createAuthService }, { createDevMailer }, { createCognitoIdpHandler }, { systemClock }, { randomIds }, { silentLogger }] =
    await Promise.all(
      ['auth/index.js', 'mail/dev-mailer.js', 'protocols/cognito/index.js', 'util/clock.js', 'util/ids.js', 'util/logger.js'].map((p) =>
        load(tree, p),
      ),
    );
  const { db, drop } = await openDatabase(tree, name);
  await db.migrate([]);
  const mailer = createDevMailer({ store: db.mail, clock: systemClock, ids: randomIds, logger: silentLogger });
  const auth = await createAuthService({
    ...{ ir, users: db.users, signIns: db.signIns, identities: db.identities, keys: db.keys, clock: systemClock, ids: randomIds },
    ...{ mailer, functions: { invoke: async () => ({ ok: true, result: {} }) }, issuerBaseUrl: 'http://127.0.0.1:1', region: 'us-east-1' },
    logger: silentLogger,
  });
  const handler = createCognitoIdpHandler(auth);
  const meter = { ms: 0 };
  const call = inProcessCall(handler, meter, `${name} `);
  const emails = Array.from({ length: users }, (_, i) => `ab-${name}-${i}@example.com`);
  for (const email of emails) {
    await call('SignUp', {
      ClientId: ir.userPoolClientId,
      Username: email,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }],
    });
    const code = (await db.mail.page({ to: email, limit: 1 })).messages[0].text.match(/\d{6}/)[0];
    await call('ConfirmSignUp', { ClientId: ir.userPoolClientId, Username: email, ConfirmationCode: code });
  }
  const srp = createSrpClient({ poolName: 'authab', clientId: ir.userPoolClientId, call });
  let next = 0;
  /** CPU per sign-in of one batch */
  const batch = async () => {
    srp.precompute(batchSize);
    meter.ms = 0;
    for (let i = 0; i < batchSize; i++) await srp.signIn(emails[next++ % users], PASSWORD);
    return meter.ms / batchSize;
  };
  const close = async () => {
    await db.close();
    await drop();
  };
  return { batch, close };
}

async function main() {
  if (!cliArg('old', '')) throw new Error('--old <built tree> is required');
  const a = await side('old', trees.old);
  const b = await side('new', trees.new);
  const figures = { old: [], new: [] };
  try {
    // unmeasured warm-up of both, so neither pays more of the JIT's first compilations
    await a.batch();
    await b.batch();
    for (let i = 0; i < batches; i++) {
      // alternate which goes first, so a trend in the machine's load favours neither
      const order =
        i % 2 === 0
          ? [
              ['old', a],
              ['new', b],
            ]
          : [
              ['new', b],
              ['old', a],
            ];
      for (const [name, s] of order) figures[name].push(await s.batch());
    }
  } finally {
    await a.close();
    await b.close();
  }
  const ratios = figures.new.map((v, i) => v / figures.old[i]);
  console.log(`${engine}: handler CPU per SRP sign-in, median of ${batches} alternating batches of ${batchSize}`);
  console.log(`  old ${median(figures.old).toFixed(3)} ms (${trees.old})`);
  console.log(`  new ${median(figures.new).toFixed(3)} ms (${trees.new})`);
  console.log(`  new/old per batch pair: median ${median(ratios).toFixed(3)}`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
