/**
 * Rows 3a and 3c: SignUp requests per second (each one hashes the password, derives the SRP
 * verifier, stores the user and queues the verification mail) and token refreshes per second
 * (GetTokensFromRefreshToken, as aws-amplify ≥ 6.15.4 sends it), at concurrency 1 and 16.
 */
import { closedLoop } from '../lib/closed-loop.js';
import { fmt, ms } from '../lib/stats.js';
import { PASSWORD } from './seed.js';

export const AUTH_RUNS = [
  { key: 'signup-c1', op: 'signup', concurrency: 1 },
  { key: 'signup-c16', op: 'signup', concurrency: 16 },
  { key: 'refresh-c1', op: 'refresh', concurrency: 1 },
  { key: 'refresh-c16', op: 'refresh', concurrency: 16 },
];
const DURATION_MS = 3000;
const MAX_OPS = 5000;

function signUp(ctx, run) {
  return (i) => {
    const email = `load-${ctx.runId}-${run.key}-${i}@example.com`;
    return ctx.call('SignUp', {
      ClientId: ctx.clientId,
      Username: email,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }],
    });
  };
}

/** Refreshes the signed-in sample users' sessions round robin; checks each answer carries a new access token. */
function refresh(ctx) {
  const tokens = ctx.users.filter((u) => u.tokens).map((u) => u.tokens.RefreshToken);
  if (tokens.length === 0) throw new Error('no signed-in user to refresh');
  return async (i) => {
    const r = await ctx.call('GetTokensFromRefreshToken', { ClientId: ctx.clientId, RefreshToken: tokens[i % tokens.length] });
    if (!r.AuthenticationResult?.AccessToken) throw new Error(`GetTokensFromRefreshToken answered ${JSON.stringify(r).slice(0, 200)}`);
    return r;
  };
}

export async function authPhase(ctx, run) {
  const op = run.op === 'signup' ? signUp(ctx, run) : refresh(ctx);
  const r = await closedLoop(ctx, { concurrency: run.concurrency, maxOps: MAX_OPS, durationMs: DURATION_MS, op });
  const what = run.op === 'signup' ? 'sign-ups/s' : 'refreshes/s';
  const err = r.errors ? ` · ${r.errors} errors (first: ${r.firstError})` : '';
  return {
    result: `${fmt(r.rate)} ${what} · p50 ${ms(r.p50)} · p99 ${ms(r.p99)} · n=${r.n}${err}`,
    cpu: r.cpu,
    pass: run.op === 'signup' ? r.errors === 0 && r.n > 0 && r.cpu !== undefined && r.cpu.totalMs <= 2 : undefined,
    errorsSeen: r.errors,
    failed: r.errors > 0 && r.n === 0,
  };
}
