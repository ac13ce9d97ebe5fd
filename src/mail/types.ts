/** Contract of the mail domain. */
import type { NewMail } from '../db/ports.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `"Name" <addr>` or `addr`, from defineAuth senders.email; the mailer's default otherwise */
  from?: string;
  replyTo?: string;
}

/** A message whose row the caller writes with the change that caused it (architecture decision 12). */
export interface PreparedMail {
  /** the mail table's row, when the mailer keeps one; written in the caller's transaction */
  row?: NewMail;
  /** once that transaction committed: the sandbox prints the message, SMTP starts its delivery */
  committed(): void;
}

export interface Mailer {
  /** queues and delivers; never loses a message (it is in the outbox before this resolves) */
  send(mail: OutgoingMail): Promise<void>;
  /** what `send` does in two halves, around the caller's own write of `row` */
  prepare(mail: OutgoingMail): PreparedMail;
}
