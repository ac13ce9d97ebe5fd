/**
 * The production mailer: every message goes into the outbox table (so the dev mailbox, when
 * served, shows it too) and an outbox sender delivers it over SMTP with nodemailer.
 */
import { createRequire } from 'node:module';
import type Nodemailer from 'nodemailer';
import type { MailStore } from '../db/ports.js';
import type { Clock } from '../util/clock.js';
import type { Ids } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import { createOutboxSender, type OutboxSender } from './outbox-sender.js';
import { describeSmtpUrl, parseSmtpUrl } from './smtp-url.js';
import type { Mailer, OutgoingMail } from './types.js';

/** nodemailer (430 KB) is required when an SMTP mailer is made, so a start without SMTP never loads it */
const requireHere = createRequire(import.meta.url);

/** Cognito's own default sender when the pool sets none */
export const DEFAULT_FROM = 'no-reply@verificationemail.com';

export interface SmtpMailerOptions {
  store: MailStore;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** HEARTH_SMTP_URL */
  url: string;
  /** a PEM CA to trust (a private or self-signed mail server) */
  ca?: string | Buffer;
  defaultFrom?: string;
  backoff?: (attempt: number) => number;
  pollMs?: number;
}

export function createSmtpMailer(o: SmtpMailerOptions): Mailer & { sender: OutboxSender; close(): Promise<void> } {
  const options = parseSmtpUrl(o.url, { ca: o.ca });
  const nodemailer = requireHere('nodemailer') as typeof Nodemailer;
  const transport = nodemailer.createTransport({ ...options, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  const sender = createOutboxSender({
    store: o.store,
    transport,
    clock: o.clock,
    logger: o.logger,
    defaultFrom: o.defaultFrom ?? DEFAULT_FROM,
    backoff: o.backoff,
    pollMs: o.pollMs,
  });
  o.logger.info(`mail goes out through ${describeSmtpUrl(options)}`);
  sender.start();
  const prepare = (mail: OutgoingMail) => ({
    row: { id: o.ids.uuid(), ...mail, sentAt: new Date(o.clock.now()).toISOString(), status: 'queued' as const },
    committed: () => void sender.kick(),
  });
  return {
    sender,
    prepare,
    async send(mail) {
      const prepared = prepare(mail);
      await o.store.enqueue(prepared.row);
      prepared.committed();
    },
    async close() {
      await sender.stop();
      transport.close();
    },
  };
}
