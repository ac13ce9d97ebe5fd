import { HearthError } from '../util/errors.js';
import { assertClient } from './client-check.js';
import { issueCode } from './codes.js';
import type { AuthContext } from './context.js';
import { findUser } from './find-user.js';
import { sendCodeMessage } from './messages.js';
import type { CodeDelivery } from './service-types.js';
import { confirmLink, emailDelivery } from './verification-email.js';

type Deps = Pick<
  AuthContext,
  'ir' | 'users' | 'clock' | 'ids' | 'mailer' | 'functions' | 'logger' | 'region' | 'triggerTimeoutMs' | 'issuerBaseUrl' | 'publicBaseUrl'
>;

/** A new sign-up code replaces the old one (and its attempt count). */
export async function resendConfirmationCode(d: Deps, i: { clientId: string; username: string }): Promise<CodeDelivery> {
  assertClient(d.ir, i.clientId);
  const user = await findUser(d.users, i.username);
  // unknown users get a plausible answer and no mail, so the call does not reveal who has an account
  if (!user) return emailDelivery(i.username.includes('@') ? i.username : 'unknown@unknown');
  if (user.status !== 'UNCONFIRMED') throw new HearthError('InvalidParameter', 'User is already confirmed.');
  const email = user.attributes.email ?? user.username;
  const code = await issueCode(d, user.sub, 'signup');
  // CustomMessage_ResendCode; LINK-style pools resend a link
  const link = d.ir.verificationEmail?.style === 'LINK' ? confirmLink(d, { clientId: i.clientId, userName: user.sub, code }) : undefined;
  return sendCodeMessage(d, { kind: 'ResendCode', user, to: email, code, clientId: i.clientId, link });
}
