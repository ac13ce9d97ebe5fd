#!/usr/bin/env node
/**
 * Server CPU of the auth operations without HTTP: the Cognito JSON handler (protocol + auth service
 * + stores) called in-process over SQLite (a WAL file, synchronous=NORMAL as in the sandbox) or
 * PostgreSQL, with process.cpuUsage() read around each handler call only, so the SRP client's own
 * maths (done in between) is not counted. Row 3 minus this is what the HTTP server and the socket cost.
 * Needs an up-to-date dist/ (npm run build).
 *
 *   node bench/auth-micro.js [--engine sqlite|postgres] [--n 300] [--rounds 3]
 */
import { createAuthService } from '../dist/auth/index.js';
import { createDevMailer } from '../dist/mail/dev-mailer.js';
import { createCognitoIdpHandler } from '../dist/protocols/cognito/index.js';
import { systemClock } from '../dist/util/clock.js';
import { randomIds } from '../dist/util/ids.js';
import { silentLogger } from '../dist/util/logger.js';
import { cliArg, openAuthDatabase } from './lib/auth-database.js';
import { benchPoolIr, inProcessCall } from './lib/in-process-auth.js';
import { createSrpClient } from './lib/srp-client.js';
import { median } from './lib/stats.js';

const engine = cliArg('engine', 'sqlite');
const n = Number(cliArg('n', '300'));
const rounds = Number(cliArg('rounds', '3'));
const PASSWORD = 'Bench-Passw0rd!1';

const ir = benchPoolIr('micro');

async function measure(meter, count, fn) {
  meter.ms = 0;
  for (let i = 0; i < count; i++) await fn(i);
  return meter.ms / count;
}

async function main() {
  const runId = Date.now().toString(36);
  const { db, drop } = await openAuthDatabase(engine, 'auth-micro');
  const results = { signup: [], 'srp sign-in': [], confirm: [] };
  try {
    await db.migrate([]);
    const mailer = createDevMailer({ store: db.mail, clock: systemClock, ids: randomIds, logger: silentLogger });
    const functions = { invoke: async () => ({ ok: true, result: {} }) };
    const auth = await createAuthService({
      ...{ ir, users: db.users, signIns: db.signIns, identities: db.identities, keys: db.keys, clock: systemClock, ids: randomIds },
      ...{ mailer, functions, issuerBaseUrl: 'http://127.0.0.1:1', region: 'us-east-1', logger: silentLogger },
    });
    const meter = { ms: 0 };
    const call = inProcessCall(createCognitoIdpHandler(auth), meter);
    const srp = createSrpClient({ poolName: 'micro', clientId: ir.userPoolClientId, call });
    for (let r = 0; r < rounds; r++) {
      const emails = Array.from({ length: n }, (_, i) => `micro-${runId}-${r}-${i}@example.com`);
      const signUp = (i) =>
        call('SignUp', {
          ClientId: ir.userPoolClientId,
          Username: emails[i],
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: emails[i] }],
        });
      results.signup.push(await measure(meter, n, signUp));
      const codes = await Promise.all(emails.map((e) => db.mail.page({ to: e, limit: 1 })));
      const code = (i) => codes[i].messages[0].text.match(/\d{6}/)[0];
      results.confirm.push(
        await measure(meter, n, (i) =>
          call('ConfirmSignUp', { ClientId: ir.userPoolClientId, Username: emails[i], ConfirmationCode: code(i) }),
        ),
      );
      srp.precompute(n);
      results['srp sign-in'].push(await measure(meter, n, (i) => srp.signIn(emails[i], PASSWORD)));
    }
  } finally {
    await db.close();
    await drop();
  }
  console.log(`${engine}, in-process handler CPU per op, median of ${rounds} rounds of ${n} (each round)`);
  for (const [k, v] of Object.entries(results))
    console.log(`  ${k.padEnd(12)} ${median(v).toFixed(3)} ms   (${v.map((x) => x.toFixed(3)).join(', ')})`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
