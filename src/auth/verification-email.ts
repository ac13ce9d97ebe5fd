import type { Mailer } from '../mail/types.js';
import type { AuthContext } from './context.js';
import type { CodeDelivery } from './service-types.js';

/** `jane@example.com` → `j***@e***`, the way Cognito masks CodeDeliveryDetails.Destination. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

export function emailDelivery(email: string): CodeDelivery {
  return { destination: maskEmail(email), deliveryMedium: 'EMAIL', attributeName: 'email' };
}

/** Where the LINK-style verification email points: Hearth serves it as Cognito's hosted `confirmUser` does. */
export const CONFIRM_USER_PATH = '/confirmUser';

/**
 * The link of a LINK-style verification email; opening it confirms the sign-up
 * (Cognito's form: `https://<domain>/confirmUser?client_id=…&user_name=…&confirmation_code=…`).
 */
export function confirmLink(
  d: Pick<AuthContext, 'issuerBaseUrl' | 'publicBaseUrl'>,
  i: { clientId: string; userName: string; code: string },
): string {
  const base = (d.publicBaseUrl ?? d.issuerBaseUrl).replace(/\/+$/, '');
  const q = new URLSearchParams({ client_id: i.clientId, user_name: i.userName, confirmation_code: i.code });
  return `${base}${CONFIRM_USER_PATH}?${q}`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Cognito's default verification message, without templates or triggers (messages.ts has both). */
export async function sendVerificationEmail(mailer: Mailer, to: string, code: string): Promise<CodeDelivery> {
  await mailer.send({
    to,
    subject: 'Your verification code',
    text: `Your verification code is ${code}.`,
    html: `<p>Your verification code is <strong>${escapeHtml(code)}</strong>.</p>`,
  });
  return emailDelivery(to);
}
