/** Mail: the outbox table; the dev mailbox in the sandbox; SMTP delivery (nodemailer) when HEARTH_SMTP_URL is set. */
export { createDevMailer } from './dev-mailer.js';
export { createOutboxSender, defaultBackoff, MAX_ATTEMPTS } from './outbox-sender.js';
export { createSmtpMailer, DEFAULT_FROM } from './smtp-mailer.js';
export { describeSmtpUrl, parseSmtpUrl } from './smtp-url.js';
export type { Mailer, OutgoingMail } from './types.js';
