/**
 * SignUp in a Gen 2 email pool: the email is the login alias, the Cognito user name is a fresh
 * UUID equal to `sub` (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-usernames).
 * The user starts UNCONFIRMED and gets a code by email.
 */
import type { UserRecord } from '../storage/ports.js';
import { HearthError } from '../util/errors.js';
import { assertClient } from './client-check.js';
import { issueCode } from './codes.js';
import type { AuthContext } from './context.js';
import { hashPassword } from './password-hash.js';
import { checkPasswordPolicy } from './password-policy.js';
import type { CodeDelivery, SignUpInput } from './service-types.js';
import { computeSrpVerifier } from './srp.js';
import { sendVerificationEmail } from './verification-email.js';

type Deps = Pick<AuthContext, 'ir' | 'users' | 'clock' | 'ids' | 'mailer' | 'poolName'>;

const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** set by the pool, never by the caller */
const READ_ONLY = new Set(['sub', 'email_verified', 'phone_number_verified']);

function userAttributes(d: Deps, i: SignUpInput, email: string, sub: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(i.attributes)) {
    if (READ_ONLY.has(name) || name.startsWith('cognito:')) {
      throw new HearthError('InvalidParameter', `Attributes did not conform to the schema: ${name}: Attribute cannot be updated.`);
    }
    attrs[name] = value;
  }
  Object.assign(attrs, { sub, email, email_verified: 'false' });
  const missing = d.ir.requiredAttributes.filter((a) => !attrs[a]);
  if (missing.length > 0) {
    const list = missing.map((a) => `${a}: The attribute ${a} is required`).join(', ');
    throw new HearthError('InvalidParameter', `Attributes did not conform to the schema: ${list}`);
  }
  return attrs;
}

async function newUser(d: Deps, i: SignUpInput, email: string): Promise<UserRecord> {
  const sub = d.ids.uuid();
  const { salt, verifier } = computeSrpVerifier({ poolName: d.poolName, userId: sub, password: i.password });
  const now = d.clock.now();
  return {
    sub,
    username: email,
    status: 'UNCONFIRMED',
    enabled: true,
    attributes: userAttributes(d, i, email, sub),
    srpSalt: salt,
    srpVerifier: verifier,
    passwordHash: await hashPassword(i.password),
    tokensValidAfter: 0,
    createdAt: now,
    updatedAt: now,
  };
}

const exists = () => new HearthError('UsernameExists', 'An account with the given email already exists.');

export async function signUp(d: Deps, i: SignUpInput): Promise<{ userSub: string; codeDelivery: CodeDelivery }> {
  assertClient(d.ir, i.clientId);
  const email = i.username.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new HearthError('InvalidParameter', 'Username should be an email.');
  checkPasswordPolicy(d.ir.passwordPolicy, i.password);
  if (await d.users.byUsername(email)) throw exists();
  const user = await newUser(d, i, email);
  try {
    await d.users.create(user);
  } catch (e) {
    // lost a race with a concurrent sign-up for the same email (unique index)
    if (await d.users.byUsername(email)) throw exists();
    throw e;
  }
  const code = await issueCode(d, user.sub, 'signup');
  return { userSub: user.sub, codeDelivery: await sendVerificationEmail(d.mailer, email, code) };
}
