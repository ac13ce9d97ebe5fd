/**
 * Every email the pool sends: defaults as Cognito words them, the templates from defineAuth
 * (verificationEmail*, userInvitation), then the customMessage trigger, which may rewrite subject
 * and body; Cognito's placeholders are filled last: `{####}` the code, `{username}`, and
 * `{##text##}` a link (LINK verification style).
 */

import type { UserRecord } from '../db/ports.js';
import type { OutgoingMail } from '../mail/types.js';
import type { AuthContext } from './context.js';
import type { CodeDelivery } from './service-types.js';
import { eventAttributes, runTrigger, type TriggerDeps } from './trigger-events.js';
import { emailDelivery } from './verification-email.js';

export type MessageKind =
  | 'SignUp'
  | 'ResendCode'
  | 'ForgotPassword'
  | 'UpdateUserAttribute'
  | 'VerifyUserAttribute'
  | 'AdminCreateUser'
  /** a sign-in code (EMAIL_OTP first factor): not the verification template */
  | 'Authentication';

type Deps = TriggerDeps & Pick<AuthContext, 'mailer'>;

export interface CodeMessage {
  kind: MessageKind;
  user: UserRecord;
  to: string;
  code: string;
  clientId?: string;
  clientMetadata?: Record<string, string>;
  /** the URL that `{##text##}` links to (LINK verification) */
  link?: string;
}

const CODE_DEFAULT = { subject: 'Your verification code', body: 'Your verification code is {####}.' };
const LINK_DEFAULT = {
  subject: 'Your verification link',
  body: 'Please click the link below to verify your email address. {##Verify Email##}',
};
const INVITE_DEFAULT = { subject: 'Your temporary password', body: 'Your username is {username} and temporary password is {####}.' };
const RESET_DEFAULT = { subject: 'Your password reset code', body: 'Your password reset code is {####}.' };
const SIGN_IN_DEFAULT = { subject: 'Your sign-in code', body: 'Your sign-in code is {####}.' };

function template(d: Pick<AuthContext, 'ir'>, m: CodeMessage): { subject: string; body: string } {
  if (m.kind === 'AdminCreateUser') {
    const inv = d.ir.userInvitation;
    return { subject: inv?.subject ?? INVITE_DEFAULT.subject, body: inv?.body ?? INVITE_DEFAULT.body };
  }
  if (m.kind === 'Authentication') return SIGN_IN_DEFAULT;
  const v = d.ir.verificationEmail;
  const base = m.link && v?.style === 'LINK' ? LINK_DEFAULT : m.kind === 'ForgotPassword' && !v?.body ? RESET_DEFAULT : CODE_DEFAULT;
  return { subject: v?.subject ?? base.subject, body: v?.body ?? base.body };
}

async function customMessage(d: TriggerDeps, m: CodeMessage, t: { subject: string; body: string }) {
  const r = await runTrigger(d, {
    trigger: 'customMessage',
    source: `CustomMessage_${m.kind}`,
    userName: m.user.sub,
    clientId: m.clientId,
    request: {
      userAttributes: eventAttributes(m.user),
      codeParameter: '{####}',
      linkParameter: '{##Click Here##}',
      usernameParameter: m.kind === 'AdminCreateUser' ? '{username}' : null,
      clientMetadata: m.clientMetadata,
    },
  });
  return {
    subject: typeof r?.emailSubject === 'string' && r.emailSubject ? r.emailSubject : t.subject,
    body: typeof r?.emailMessage === 'string' && r.emailMessage ? r.emailMessage : t.body,
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function fill(text: string, m: CodeMessage, html: boolean): string {
  const esc = html ? escapeHtml : (s: string) => s;
  return esc(text)
    .replaceAll('{####}', html ? `<strong>${esc(m.code)}</strong>` : m.code)
    .replaceAll('{username}', esc(m.user.username))
    .replace(/\{##(.*?)##\}/g, (_all, label: string) =>
      !m.link ? label : html ? `<a href="${escapeHtml(m.link)}">${label}</a>` : `${label}: ${m.link}`,
    );
}

function from(d: Pick<AuthContext, 'ir'>): Pick<OutgoingMail, 'from' | 'replyTo'> {
  const s = d.ir.emailSender;
  if (!s) return {};
  return {
    from: s.fromName ? `"${s.fromName.replace(/"/g, '')}" <${s.fromEmail}>` : s.fromEmail,
    ...(s.replyTo ? { replyTo: s.replyTo } : {}),
  };
}

// a customMessage function usually writes HTML (Cognito sends emailMessage as an HTML body)
const looksLikeHtml = (s: string) => /<[a-z][^>]*>/i.test(s);
const stripTags = (s: string) => s.replace(/<[^>]+>/g, '');

/** The message as it goes out: template, customMessage trigger, placeholders filled. */
export async function composeCodeMessage(d: TriggerDeps, m: CodeMessage): Promise<OutgoingMail> {
  const t = await customMessage(d, m, template(d, m));
  const html = looksLikeHtml(t.body) ? fill(t.body, m, false) : `<p>${fill(t.body, m, true)}</p>`;
  const text = looksLikeHtml(t.body) ? stripTags(fill(t.body, m, false)) : fill(t.body, m, false);
  return { to: m.to, subject: t.subject, text, html, ...from(d) };
}

/** Composes and queues the message; the delivery details are what the API answers with. */
export async function sendCodeMessage(d: Deps, m: CodeMessage): Promise<CodeDelivery> {
  await d.mailer.send(await composeCodeMessage(d, m));
  return emailDelivery(m.to);
}
