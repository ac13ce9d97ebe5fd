/**
 * UpdateUserAttributes, GetUserAttributeVerificationCode and VerifyUserAttribute for the signed-in
 * user. A new email is not applied at once: Amplify Gen 2 pools keep the original email (and
 * email_verified) active while an update is pending, so the user still signs in with the old
 * address until they confirm the code mailed to the new one.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-email-phone-verification.html#user-pool-settings-verifications-verify-attribute-updates
 */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { checkAttributeWrite } from './attribute-schema.js';
import { consumeCode, issueCode } from './codes.js';
import type { AuthContext } from './context.js';
import { sendCodeMessage } from './messages.js';
import type { CodeDelivery } from './service-types.js';
import { signedInUser } from './signed-in-user.js';
import type { TriggerDeps } from './trigger-events.js';
import { assertWritableAttribute } from './writable-attributes.js';

type Deps = Pick<AuthContext, 'ir' | 'users' | 'clock' | 'ids' | 'verifier' | 'mailer'> & TriggerDeps;

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const aliasTaken = () => new HearthError('AliasExists', 'An account with the given email already exists.');

async function assertEmailFree(d: Deps, user: UserRecord, email: string): Promise<void> {
  const other = await d.users.byUsername(email);
  if (other && other.sub !== user.sub) throw aliasTaken();
}

/** CustomMessage_UpdateUserAttribute on an update, CustomMessage_VerifyUserAttribute on a code request */
async function sendEmailCode(
  d: Deps,
  user: UserRecord,
  to: string,
  kind: 'UpdateUserAttribute' | 'VerifyUserAttribute' = 'UpdateUserAttribute',
): Promise<CodeDelivery> {
  const code = await issueCode(d, user.sub, 'verify:email');
  return sendCodeMessage(d, { kind, user, to, code });
}

export async function updateUserAttributes(d: Deps, i: { accessToken: string; attributes: Record<string, string> }) {
  const user = await signedInUser(d, i.accessToken);
  const attributes = { ...user.attributes };
  const pending = { ...user.pendingAttributes };
  const deliveries: CodeDelivery[] = [];
  for (const name of Object.keys(i.attributes)) assertWritableAttribute(d.ir, name);
  // custom attributes: type and bounds from defineAuth userAttributes
  checkAttributeWrite(d.ir, i.attributes, { update: true });
  for (const [name, value] of Object.entries(i.attributes)) {
    if (name !== 'email') attributes[name] = value;
  }
  const email = i.attributes.email?.trim().toLowerCase();
  // asking for the current address again withdraws a pending change
  if (email !== undefined && email === user.attributes.email) delete pending.email;
  if (email !== undefined && email !== user.attributes.email) {
    if (!EMAIL.test(email)) throw new HearthError('InvalidParameter', 'Invalid email address format.');
    await assertEmailFree(d, user, email);
    pending.email = email;
  }
  await d.users.update(user.sub, { attributes, pendingAttributes: pending, updatedAt: d.clock.now() });
  if (email !== undefined && pending.email === email) deliveries.push(await sendEmailCode(d, user, email));
  return { codeDeliveries: deliveries };
}

function assertEmailOnly(name: string): void {
  if (name !== 'email') {
    throw new HearthError('InvalidParameter', `Hearth verifies only the email attribute (${name} cannot be verified).`);
  }
}

export async function getUserAttributeVerificationCode(d: Deps, i: { accessToken: string; attributeName: string }): Promise<CodeDelivery> {
  assertEmailOnly(i.attributeName);
  const user = await signedInUser(d, i.accessToken);
  const to = user.pendingAttributes?.email ?? user.attributes.email;
  if (!to) throw new HearthError('InvalidParameter', 'The user has no email attribute.');
  return sendEmailCode(d, user, to, 'VerifyUserAttribute');
}

export async function verifyUserAttribute(d: Deps, i: { accessToken: string; attributeName: string; code: string }): Promise<void> {
  assertEmailOnly(i.attributeName);
  const user = await signedInUser(d, i.accessToken);
  await consumeCode(d, user.sub, 'verify:email', i.code);
  const { email: next, ...stillPending } = user.pendingAttributes ?? {};
  if (!next) {
    await d.users.update(user.sub, { attributes: { ...user.attributes, email_verified: 'true' }, updatedAt: d.clock.now() });
    return;
  }
  await assertEmailFree(d, user, next);
  const attributes = { ...user.attributes, email: next, email_verified: 'true' };
  try {
    await d.users.update(user.sub, { attributes, username: next, pendingAttributes: stillPending, updatedAt: d.clock.now() });
  } catch (e) {
    // lost a race with a sign-up for the same address (unique index on the login alias)
    if ((await d.users.byUsername(next))?.sub !== user.sub) throw aliasTaken();
    throw e;
  }
}
