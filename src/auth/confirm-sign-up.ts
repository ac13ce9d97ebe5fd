/**
 * ConfirmSignUp (and AdminConfirmSignUp), then the postConfirmation trigger, as Cognito orders them:
 * the user is CONFIRMED before the trigger runs, and a trigger that throws or times out fails the
 * call (UserLambdaValidationException / UnexpectedLambdaException) without undoing the confirmation
 * (reference/amplify-gen2-facts.md, "PostConfirmation error": a second ConfirmSignUp is refused,
 * the user can sign in). https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html
 *
 * Nothing is lost to a failure or a crash: the trigger's invocation row is written in the same
 * transaction as the confirmation (architecture decision 12), already claimed by this request.
 * The attempt that follows settles it: a success removes it, a failure keeps it `failed` with its
 * event, so `hearth triggers retry <id>` runs it again; if the process dies first, a poll on any
 * instance runs it once its lease (15 s) ends. So no user is confirmed without its postConfirmation
 * having run or being recorded.
 *
 * With a trigger, the confirmation's commit does not wait for its WAL flush (PostgreSQL; 1–4 ms
 * per fsync here): the flush is awaited while the trigger runs (flushRunning rewrites the trigger's
 * row with a commit that waits, and the WAL is one sequence), and nothing answers before it is
 * done, so what the client is told (confirmed; the trigger's outcome) is as durable as before. What
 * changes is a window of a few ms, before the answer, in which another session can read CONFIRMED
 * before it is on disk: a crash then leaves the user UNCONFIRMED with its code, as a crash just
 * before the commit would (any later durable commit, e.g. the trigger's own write or a sign-in's,
 * flushes the confirmation with it). The row is settled only after the flush.
 */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { assertClient } from './client-check.js';
import { checkCode } from './codes.js';
import type { AuthContext } from './context.js';
import { findUser } from './find-user.js';
import { invokeTrigger } from './invoke-trigger.js';
import { eventAttributes, triggerEvent } from './trigger-events.js';

type Deps = Pick<AuthContext, 'ir' | 'users' | 'clock' | 'functions' | 'logger' | 'region' | 'triggerTimeoutMs' | 'invocations'>;

/**
 * How long a confirmation's trigger row stays claimed by its request: the attempt ends by Cognito's
 * 5 s limit, so three times that is room enough; after it, a crashed request's row is run by a poll.
 */
const runningLeaseMs = (d: Pick<Deps, 'triggerTimeoutMs'>) => Math.max(15_000, 3 * d.triggerTimeoutMs);

export interface ConfirmSignUpInput {
  clientId: string;
  username: string;
  code: string;
  clientMetadata?: Record<string, string>;
}

/** Returns the confirmed user's sub (for the auto sign-in session, without reading the user again). */
export async function confirmSignUp(d: Deps, i: ConfirmSignUpInput): Promise<{ sub: string }> {
  assertClient(d.ir, i.clientId);
  const user = await findUser(d.users, i.username);
  // an unknown user reads like a wrong code (user existence errors are prevented)
  if (!user) throw new HearthError('CodeMismatch', 'Invalid verification code provided, please try again.');
  assertUnconfirmed(user);
  await checkCode(d, user.sub, 'signup', i.code);
  await markConfirmed(d, user, { clientId: i.clientId, clientMetadata: i.clientMetadata });
  return { sub: user.sub };
}

function assertUnconfirmed(user: Pick<UserRecord, 'status'>): void {
  if (user.status !== 'UNCONFIRMED') {
    throw new HearthError('NotAuthorized', `User cannot be confirmed. Current status is ${user.status}`);
  }
}

/**
 * CONFIRMED with a verified email, the sign-up code gone and the postConfirmation invocation
 * recorded, in one transaction; then postConfirmation (PostConfirmation_ConfirmSignUp) runs.
 */
export async function markConfirmed(
  d: Deps,
  user: UserRecord,
  i: { clientId?: string; clientMetadata?: Record<string, string> },
): Promise<void> {
  const confirmed: UserRecord = { ...user, status: 'CONFIRMED', attributes: { ...user.attributes, email_verified: 'true' } };
  const fn = d.ir.triggers.postConfirmation;
  const event = triggerEvent(d, {
    trigger: 'postConfirmation',
    source: 'PostConfirmation_ConfirmSignUp',
    userName: user.sub,
    clientId: i.clientId,
    request: { userAttributes: eventAttributes(confirmed), clientMetadata: i.clientMetadata },
  });
  const running = fn ? d.invocations?.prepareRunning(fn, `cognito:${event.triggerSource}`, event, runningLeaseMs(d)) : undefined;
  const done = await d.users.confirm(user.sub, {
    attributes: confirmed.attributes,
    updatedAt: d.clock.now(),
    enqueue: running ? [running] : [],
    // made durable by flushRunning below, while the trigger runs
    flushLater: running !== undefined,
  });
  if (!done) {
    // a concurrent confirmation won (and runs the trigger): this one is refused as a late retry is
    const now = await d.users.bySub(user.sub);
    throw new HearthError('NotAuthorized', `User cannot be confirmed. Current status is ${now?.status ?? 'CONFIRMED'}`);
  }
  if (!fn) return;
  const flushed = running && d.invocations?.flushRunning(running);
  // awaited below, whatever the trigger does; this only keeps an early failure from going unhandled
  flushed?.catch(() => {});
  try {
    await invokeTrigger(d, 'postConfirmation', event, running && { row: running, flushed });
  } finally {
    // never answer (not even with the trigger's error) before the confirmation is on disk
    await flushed;
  }
}
