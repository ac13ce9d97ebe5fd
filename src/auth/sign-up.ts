/**
 * SignUp in a Gen 2 email pool: the email is the login alias, the Cognito user name is a fresh
 * UUID equal to `sub` (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-usernames).
 * preSignUp may refuse the user, auto-confirm it (no code is sent) or verify its email; otherwise
 * the user starts UNCONFIRMED and gets a code (or a link) by email.
 */
import type { UserRecord } from '../db/ports.js';
import { HearthError } from '../util/errors.js';
import { checkAttributeWrite } from './attribute-schema.js';
import { assertClient } from './client-check.js';
import { newCode } from './codes.js';
import type { AuthContext } from './context.js';
import { composeCodeMessage } from './messages.js';
import { assertRequiredAttributes, buildUser, insertUser } from './new-user.js';
import { checkPasswordPolicy } from './password-policy.js';
import type { CodeDelivery, SignUpInput } from './service-types.js';
import { runPostConfirmation, runPreSignUp } from './trigger-events.js';
import { confirmLink, emailDelivery } from './verification-email.js';

/** What creating a user takes (sign-up and the admin operations alike). */
export type SignUpDeps = Pick<
  AuthContext,
  | 'ir'
  | 'users'
  | 'clock'
  | 'ids'
  | 'mailer'
  | 'poolName'
  | 'functions'
  | 'logger'
  | 'region'
  | 'triggerTimeoutMs'
  | 'issuerBaseUrl'
  | 'publicBaseUrl'
>;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

const exists = () => new HearthError('UsernameExists', 'An account with the given email already exists.');

export interface SignUpResult {
  userSub: string;
  userConfirmed: boolean;
  /** absent when preSignUp confirmed the user (no code is sent) */
  codeDelivery?: CodeDelivery;
}

export async function signUp(d: SignUpDeps, i: SignUpInput): Promise<SignUpResult> {
  assertClient(d.ir, i.clientId);
  const email = i.username.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new HearthError('InvalidParameter', 'Username should be an email.');
  checkPasswordPolicy(d.ir.passwordPolicy, i.password);
  checkAttributeWrite(d.ir, i.attributes);
  // with no trigger to spare a taken address (preSignUp, or customMessage, which composes the code's
  // mail before the insert), the unique index alone refuses it (insertUser): one statement less
  const { preSignUp, customMessage } = d.ir.triggers;
  if ((preSignUp || customMessage) && (await d.users.byUsername(email))) throw exists();
  const sub = d.ids.uuid();
  const attributes = { ...i.attributes, sub, email, email_verified: 'false' };
  assertRequiredAttributes(d.ir.requiredAttributes, attributes);
  const user = buildUser({
    poolName: d.poolName,
    sub,
    email,
    password: i.password,
    status: 'UNCONFIRMED',
    attributes,
    now: d.clock.now(),
  });
  const pre = await runPreSignUp(d, {
    source: 'PreSignUp_SignUp',
    user,
    clientId: i.clientId,
    validationData: i.validationData,
    clientMetadata: i.clientMetadata,
  });
  if (pre.autoVerifyEmail) user.attributes.email_verified = 'true';
  if (pre.autoConfirmUser) {
    await insertUser(d.users, user, exists);
    // an auto-confirmed user reaches postConfirmation at sign-up time, and is CONFIRMED once it
    // returned (as in ConfirmSignUp: a crash in between never leaves it confirmed without its trigger)
    await runPostConfirmation(d, {
      source: 'PostConfirmation_ConfirmSignUp',
      user: { ...user, status: 'CONFIRMED' },
      clientId: i.clientId,
      clientMetadata: i.clientMetadata,
    });
    await d.users.update(sub, { status: 'CONFIRMED', updatedAt: d.clock.now() });
    return { userSub: sub, userConfirmed: true };
  }
  return { userSub: sub, userConfirmed: false, codeDelivery: await insertWithCode(d, user, i) };
}

/**
 * The user, its confirmation code and the mail carrying it are written as one unit (architecture
 * decision 12): a failure leaves none of them, and the mail is sent once the unit committed.
 */
async function insertWithCode(d: SignUpDeps, user: UserRecord, i: SignUpInput): Promise<CodeDelivery> {
  const { code, record } = newCode(d, user.sub, 'signup');
  const link = d.ir.verificationEmail?.style === 'LINK' ? confirmLink(d, { clientId: i.clientId, userName: user.sub, code }) : undefined;
  const message = { kind: 'SignUp' as const, user, to: user.username, code, clientId: i.clientId, clientMetadata: i.clientMetadata, link };
  const mail = d.mailer.prepare(await composeCodeMessage(d, message));
  await insertUser(d.users, user, exists, { code: record, mail: mail.row });
  mail.committed();
  return emailDelivery(user.username);
}
