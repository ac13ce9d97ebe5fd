import type { Mailer } from '../mail/types.js';
import type { CodeDelivery } from './service-types.js';

/** `jane@example.com` → `j***@e***`, the way Cognito masks CodeDeliveryDetails.Destination. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

export function emailDelivery(email: string): CodeDelivery {
  return { destination: maskEmail(email), deliveryMedium: 'EMAIL', attributeName: 'email' };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The message Cognito sends by default for email verification codes. */
export async function sendVerificationEmail(mailer: Mailer, to: string, code: string): Promise<CodeDelivery> {
  await mailer.send({
    to,
    subject: 'Your verification code',
    text: `Your verification code is ${code}.`,
    html: `<p>Your verification code is <strong>${escapeHtml(code)}</strong>.</p>`,
  });
  return emailDelivery(to);
}
