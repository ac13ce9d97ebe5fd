import type { MailStore } from '../db/ports.js';
import type { Clock } from '../util/clock.js';
import type { Ids } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import type { Mailer, OutgoingMail } from './types.js';

/**
 * The mailer without SMTP: every message goes into the outbox table. In the sandbox
 * (`printBodies`) it is also printed and served at /_hearth/mailbox, so a developer can read a
 * code without any mail server; elsewhere (`hearth start` with no HEARTH_SMTP_URL) codes must not
 * reach the logs, so only a warning that the mail was not delivered is printed.
 */
export function createDevMailer(deps: { store: MailStore; clock: Clock; ids: Ids; logger: Logger; printBodies?: boolean }): Mailer {
  const printBodies = deps.printBodies ?? true;
  const prepare = (mail: OutgoingMail) => ({
    row: { id: deps.ids.uuid(), ...mail, sentAt: new Date(deps.clock.now()).toISOString(), status: 'stored' as const },
    committed() {
      if (printBodies) deps.logger.info(`to ${mail.to} · ${mail.subject} · ${mail.text}`);
      else deps.logger.warn(`mail to ${mail.to} (${mail.subject}) was not delivered: set HEARTH_SMTP_URL to send mail`);
    },
  });
  return {
    prepare,
    async send(mail) {
      const prepared = prepare(mail);
      await deps.store.add(prepared.row);
      prepared.committed();
    },
  };
}
