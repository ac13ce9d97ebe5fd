#!/usr/bin/env node
/**
 * CPU of each part of an SRP sign-in and a SignUp, one at a time, in a loop (process.cpuUsage per
 * call, median of rounds): the modexps, the token signatures, the sealing, each store call. It says
 * what a sign-in is made of; bench/auth-micro.js and bench/auth-focus.js say what the whole costs.
 * Needs an up-to-date dist/ (npm run build). SQLite file (synchronous=NORMAL, as the sandbox) or PostgreSQL.
 *
 *   node bench/auth-parts.js [--engine sqlite|postgres] [--n 300]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createSealedBox } from '../dist/auth/sealed-box.js';
import { createSealedUserStore } from '../dist/auth/sealed-user-store.js';
import { computeSrpVerifier, srpServerChallenge, srpSessionKey } from '../dist/auth/srp.js';
import { createTokenMinter, loadSigningKey } from '../dist/auth/tokens.js';
import { systemClock } from '../dist/util/clock.js';
import { randomIds } from '../dist/util/ids.js';
import { cliArg, openAuthDatabase } from './lib/auth-database.js';
import { median } from './lib/stats.js';

const engine = cliArg('engine', 'sqlite');
const n = Number(cliArg('n', '300'));

/** Median CPU (ms) of one call of fn(i), over n calls after n/10 unmeasured ones. */
async function cost(fn) {
  const samples = [];
  for (let i = 0; i < n + Math.ceil(n / 10); i++) {
    const before = process.cpuUsage();
    await fn(i);
    const used = process.cpuUsage(before);
    if (i >= Math.ceil(n / 10)) samples.push((used.user + used.system) / 1000);
  }
  return median(samples);
}

async function main() {
  const { db, drop } = await openAuthDatabase(engine, 'auth-parts');
  const rows = [];
  const row = async (what, fn) => rows.push([what, await cost(fn)]);
  try {
    await db.migrate([]);
    const box = createSealedBox(randomBytes(32));
    const users = createSealedUserStore(db.users, box);
    const key = await loadSigningKey(db.keys);
    const mint = createTokenMinter({ key, issuer: 'http://127.0.0.1:1/us-east-1_parts', clock: systemClock, ids: randomIds });
    const { salt, verifier } = computeSrpVerifier({ poolName: 'parts', userId: randomUUID(), password: 'Bench-Passw0rd!1' });
    const A = BigInt(`0x${verifier}`).toString(16);
    const { b, B } = srpServerChallenge(verifier);
    const subs = Array.from({ length: n * 2 }, () => randomUUID());
    const user = (i) => ({
      ...{ sub: subs[i], username: `${subs[i]}@example.com`, status: 'CONFIRMED', enabled: true, groups: [] },
      ...{ attributes: { sub: subs[i], email: `${subs[i]}@example.com`, email_verified: 'true' }, srpSalt: salt, srpVerifier: verifier },
      ...{ passwordHash: '', tokensValidAfter: 0, createdAt: Date.now(), updatedAt: Date.now() },
    });
    await row('verifier g^x (SignUp, ChangePassword, USER_PASSWORD_AUTH)', () =>
      computeSrpVerifier({ poolName: 'parts', userId: 'u', password: 'p' }),
    );
    await row('SRP step 1: B = k·v + g^b', () => srpServerChallenge(verifier));
    await row('SRP step 2: S = (A·v^u)^b, HKDF', () => srpSessionKey({ A, B, b, verifier }));
    await row('two RS256 tokens (mint)', () => mint({ user: user(0), clientId: 'c', originJti: 'j', authTime: 1 }));
    await row('seal + open a SECRET_BLOCK (AES-GCM, JSON)', () => box.open(box.seal({ sub: 'x', b, B, A, iat: 1, clientId: 'c' })));
    await row('users.create (sealed verifier)', (i) => users.create(user(i)));
    await row('users.byUsername (open the verifier)', (i) => users.byUsername(`${subs[i]}@example.com`));
    await row('users.bySub', (i) => users.bySub(subs[i]));
    await row('users.spendOnce', () => users.spendOnce(`srp:${randomUUID()}`, Date.now() + 300_000, Date.now()));
    await row('signIns.add (insert + trim)', (i) =>
      db.signIns.add(subs[i], { time: new Date().toISOString(), method: 'SRP', ok: true, lockedOut: false }, 50),
    );
    await row('users.putRefreshToken', () =>
      users.putRefreshToken({
        tokenHash: randomUUID(),
        sub: subs[0],
        clientId: 'c',
        originJti: randomUUID(),
        expiresAt: Date.now(),
        revoked: false,
      }),
    );
    await row('users.putCode', (i) =>
      users.putCode({ sub: subs[i], purpose: 'signup', codeHash: 'h', expiresAt: Date.now(), attempts: 0 }),
    );
    await row('mail.add', (i) =>
      db.mail.add({ id: randomUUID(), to: `${subs[i]}@example.com`, subject: 's', text: 't', html: 'h', sentAt: new Date().toISOString() }),
    );
  } finally {
    await db.close();
    await drop();
  }
  console.log(`${engine}: CPU per call, median of ${n}`);
  for (const [what, ms] of rows) console.log(`  ${ms.toFixed(3).padStart(7)} ms  ${what}`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});
