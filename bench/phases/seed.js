/**
 * Row 2: SignUp → (code from the dev mailbox) → ConfirmSignUp, whose postConfirmation trigger
 * creates the UserProfile before ConfirmSignUp returns. Timed: the SignUp request plus the
 * ConfirmSignUp request, not the mailbox fetch. Sequential, one warm-up user not counted.
 */
import { mailboxCode } from '../lib/http.js';
import { cpuPerOp, sampleCpu } from '../lib/proc-cpu.js';
import { ms, percentile } from '../lib/stats.js';

export const USERS = 50;
export const PASSWORD = 'Bench-Passw0rd!1';

async function seedOne(ctx, email) {
  const { call, server, clientId } = ctx;
  let t = performance.now();
  const su = await call('SignUp', {
    ClientId: clientId,
    Username: email,
    Password: PASSWORD,
    UserAttributes: [{ Name: 'email', Value: email }],
  });
  let dur = performance.now() - t;
  if (su.UserConfirmed) throw new Error(`SignUp: ${email} confirmed without a code`);
  const code = await mailboxCode(server.baseUrl, email);
  t = performance.now();
  await call('ConfirmSignUp', { ClientId: clientId, Username: email, ConfirmationCode: code });
  dur += performance.now() - t;
  return { email, sub: su.UserSub, ms: dur };
}

export async function seedPhase(ctx) {
  const warm = await seedOne(ctx, `bench-${ctx.runId}-warmup@example.com`);
  ctx.log(`  warm-up user (first trigger run, not counted): ${ms(warm.ms)}`);
  ctx.users = [];
  const before = sampleCpu(ctx.server.pid);
  for (let i = 0; i < USERS; i++) ctx.users.push(await seedOne(ctx, `bench-${ctx.runId}-${String(i).padStart(3, '0')}@example.com`));
  const after = sampleCpu(ctx.server.pid);
  const times = ctx.users.map((u) => u.ms);
  const p50 = percentile(times, 0.5);
  const p95 = percentile(times, 0.95);
  return {
    value: p50,
    result: `p50 ${ms(p50)} · p95 ${ms(p95)} · n=${USERS} (warm-up user: ${ms(warm.ms)})`,
    cpu: cpuPerOp(before, after, USERS),
    cpuNote: 'per user; includes the mailbox GET',
    pass: p50 < 15,
  };
}
