/**
 * AdminCreateUser: the user starts in FORCE_CHANGE_PASSWORD with a temporary password, mailed in
 * the invitation (defineAuth userInvitation, or customMessage CustomMessage_AdminCreateUser).
 * MessageAction SUPPRESS sends nothing; RESEND gives an existing, not yet signed-in user a new
 * temporary password and invitation.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html
 */
import { randomInt } from 'node:crypto';
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { assertUserPool } from './admin-caller.js';
import { type AdminDeps, adminUser } from './admin-users.js';
import { checkAttributeWrite } from './attribute-schema.js';
import { sendCodeMessage } from './messages.js';
import { assertRequiredAttributes, buildUser, insertUser, passwordFields } from './new-user.js';
import { checkPasswordPolicy } from './password-policy.js';
import { runPreSignUp } from './trigger-events.js';

export interface AdminCreateUserInput {
  userPoolId: string;
  username: string;
  attributes: Record<string, string>;
  temporaryPassword?: string;
  messageAction?: 'SUPPRESS' | 'RESEND';
  clientMetadata?: Record<string, string>;
  validationData?: Record<string, string>;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '^$*.[]{}()?-!@#%&'];

/** 12 characters with one of each class, so any policy Amplify can express accepts it. */
export function temporaryPassword(): string {
  const all = SETS.join('');
  const chars = SETS.map((s) => s.charAt(randomInt(s.length)));
  while (chars.length < 12) chars.push(all.charAt(randomInt(all.length)));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

async function resend(d: AdminDeps, i: AdminCreateUserInput): Promise<UserRecord> {
  const user = await adminUser(d, i);
  if (user.status !== 'FORCE_CHANGE_PASSWORD')
    throw new HearthError('UnsupportedUserState', `Resend not possible. ${user.sub} status is not FORCE_CHANGE_PASSWORD.`);
  const password = i.temporaryPassword ?? temporaryPassword();
  const fields = passwordFields(d.poolName, user.sub, password);
  await d.users.update(user.sub, { ...fields, updatedAt: d.clock.now() });
  await sendCodeMessage(d, {
    kind: 'AdminCreateUser',
    user,
    to: user.attributes.email ?? user.username,
    code: password,
    clientMetadata: i.clientMetadata,
  });
  return user;
}

export async function adminCreateUser(d: AdminDeps, i: AdminCreateUserInput): Promise<UserRecord> {
  assertUserPool(d, i.userPoolId);
  if (i.messageAction === 'RESEND') return resend(d, i);
  const email = (i.attributes.email ?? i.username).trim().toLowerCase();
  if (!EMAIL.test(email)) throw new HearthError('InvalidParameter', 'Username should be an email.');
  const password = i.temporaryPassword ?? temporaryPassword();
  if (i.temporaryPassword) checkPasswordPolicy(d.ir.passwordPolicy, password);
  checkAttributeWrite(d.ir, i.attributes, { admin: true });
  const exists = () => new HearthError('UsernameExists', 'User account already exists');
  if (await d.users.byUsername(email)) throw exists();
  const sub = d.ids.uuid();
  const attributes = { email_verified: 'false', ...i.attributes, sub, email };
  assertRequiredAttributes(d.ir.requiredAttributes, attributes);
  const user = buildUser({
    poolName: d.poolName,
    sub,
    email,
    password,
    status: 'FORCE_CHANGE_PASSWORD',
    attributes,
    now: d.clock.now(),
  });
  // the trigger may refuse the user; its autoConfirm / autoVerify flags do not apply to admin-created
  // users (the admin sets email_verified in UserAttributes instead)
  await runPreSignUp(d, { source: 'PreSignUp_AdminCreateUser', user, validationData: i.validationData, clientMetadata: i.clientMetadata });
  await insertUser(d.users, user, exists);
  if (i.messageAction !== 'SUPPRESS') {
    await sendCodeMessage(d, { kind: 'AdminCreateUser', user, to: email, code: password, clientMetadata: i.clientMetadata });
  }
  return user;
}
