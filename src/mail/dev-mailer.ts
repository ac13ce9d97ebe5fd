import type { MailStore } from '../storage/ports.js';
import type { Clock } from '../util/clock.js';
import type { Ids } from '../util/ids.js';
import type { Logger } from '../util/logger.js';
import type { Mailer } from './types.js';

/**
 * The sandbox's mailer: every message goes into the outbox table (served at /_hearth/mailbox)
 * and is printed, so a developer can read a code without any mail server.
 */
export function createDevMailer(deps: { store: MailStore; clock: Clock; ids: Ids; logger: Logger }): Mailer {
  return {
    async send(mail) {
      await deps.store.add({ id: deps.ids.uuid(), ...mail, sentAt: new Date(deps.clock.now()).toISOString() });
      deps.logger.info(`to ${mail.to} · ${mail.subject} · ${mail.text}`);
    },
  };
}
