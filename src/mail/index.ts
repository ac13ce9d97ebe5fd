/** Mail: the outbox-backed dev mailer now; SMTP delivery comes with the auth issue. */
export { createDevMailer } from './dev-mailer.js';
export type { Mailer, OutgoingMail } from './types.js';
