/** Contract of the mail domain. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `"Name" <addr>` or `addr`, from defineAuth senders.email; the mailer's default otherwise */
  from?: string;
  replyTo?: string;
}

export interface Mailer {
  /** queues and delivers; never loses a message (it is in the outbox before this resolves) */
  send(mail: OutgoingMail): Promise<void>;
}
