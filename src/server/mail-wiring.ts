/**
 * Which mailer the backend uses: SMTP through the outbox when HEARTH_SMTP_URL is set (with
 * HEARTH_SMTP_CA_FILE, a PEM to trust a private or self-signed server, and HEARTH_SMTP_FROM, the
 * default From address), else the dev mailer (outbox; the sandbox also prints it and serves it as the
 * mailbox, `hearth start` only warns that nothing was delivered).
 * Made once per process: the SMTP sender runs a timer and outlives reloads.
 */
import { readFile } from 'node:fs/promises';
import type { MailStore } from '../db/ports.js';
import { createDevMailer, createSmtpMailer, type Mailer } from '../mail/index.js';
import type { Clock } from '../util/clock.js';
import type { Ids } from '../util/ids.js';
import type { Logger } from '../util/logger.js';

export interface HearthMail {
  mailer: Mailer;
  close(): Promise<void>;
}

export async function createBackendMailer(o: {
  store: MailStore;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  /** the sandbox prints mail (codes included); `hearth start` never does */
  sandbox: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<HearthMail> {
  const env = o.env ?? process.env;
  const url = env.HEARTH_SMTP_URL;
  if (!url) return { mailer: createDevMailer({ ...o, printBodies: o.sandbox }), close: async () => {} };
  const ca = env.HEARTH_SMTP_CA_FILE ? await readFile(env.HEARTH_SMTP_CA_FILE) : undefined;
  const smtp = createSmtpMailer({ ...o, url, ca, defaultFrom: env.HEARTH_SMTP_FROM });
  return { mailer: smtp, close: () => smtp.close() };
}
