/**
 * The triggers at the start of a sign-in: userMigration for a user the pool does not know (with
 * USER_PASSWORD_AUTH, as in Cognito: only then is the password at hand), and preAuthentication for
 * a known one, before the password is checked.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-migrate-user.html
 */
import type { UserRecord, UserStatus } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import type { AuthContext } from './context.js';
import { findUser } from './find-user.js';
import { buildUser, insertUser } from './new-user.js';
import { runPreAuthentication, runTrigger, type TriggerDeps } from './trigger-events.js';

export type SignInTriggerDeps = TriggerDeps & Pick<AuthContext, 'users' | 'clock' | 'ids' | 'poolName'>;

interface MigrationResponse {
  userAttributes?: Record<string, unknown>;
  finalUserStatus?: string;
}

/** Creates the user the migration function returned, with `password` kept (when given). */
async function createMigrated(d: SignInTriggerDeps, username: string, r: MigrationResponse, password: string): Promise<UserRecord> {
  const given = Object.fromEntries(Object.entries(r.userAttributes ?? {}).map(([k, v]) => [k, String(v)]));
  const email = (given.email ?? username).toLowerCase();
  const sub = d.ids.uuid();
  const status: UserStatus = r.finalUserStatus === 'RESET_REQUIRED' ? 'RESET_REQUIRED' : 'CONFIRMED';
  const { username: _ignored, ...rest } = given;
  const attributes: Record<string, string> = { email_verified: 'false', ...rest, sub, email };
  const user = buildUser({ poolName: d.poolName, sub, email, password, status, attributes, now: d.clock.now() });
  await insertUser(d.users, user, () => new HearthError('UsernameExists', 'An account with the given email already exists.'));
  return user;
}

/**
 * UserMigration_Authentication / UserMigration_ForgotPassword: the function looks the user up
 * elsewhere and answers with its attributes; no answer (or no trigger) leaves the user unknown.
 */
export async function migrateUser(
  d: SignInTriggerDeps,
  i: {
    source: 'UserMigration_Authentication' | 'UserMigration_ForgotPassword';
    clientId: string;
    username: string;
    password?: string;
    clientMetadata?: Record<string, string>;
  },
): Promise<UserRecord | undefined> {
  if (!d.ir.triggers.userMigration) return undefined;
  const r = (await runTrigger(d, {
    trigger: 'userMigration',
    source: i.source,
    userName: i.username,
    clientId: i.clientId,
    request: { ...(i.password !== undefined ? { password: i.password } : {}), validationData: undefined, clientMetadata: i.clientMetadata },
  })) as MigrationResponse | undefined;
  if (!r?.userAttributes || Object.keys(r.userAttributes).length === 0) return undefined;
  // a forgot-password migration has no password yet: an unusable random one until the reset
  const password = i.password ?? `${d.ids.token(24)}aA1!`;
  const user = await createMigrated(d, i.username, r, password);
  return i.password === undefined ? { ...user, status: 'RESET_REQUIRED' } : user;
}

/** The user signing in (migrated if need be), after preAuthentication let them through. */
export async function userForSignIn(
  d: SignInTriggerDeps,
  i: { clientId: string; username: string; password?: string; clientMetadata?: Record<string, string> },
): Promise<UserRecord | undefined> {
  const known = await findUser(d.users, i.username);
  if (known) {
    await runPreAuthentication(d, { user: known, clientId: i.clientId, clientMetadata: i.clientMetadata });
    return known;
  }
  if (i.password === undefined) return undefined;
  return migrateUser(d, { source: 'UserMigration_Authentication', clientId: i.clientId, username: i.username, password: i.password });
}
