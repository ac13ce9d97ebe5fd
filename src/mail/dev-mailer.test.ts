import { describe, expect, it } from 'vitest';
import type { MailMessage, MailStore } from '../db/ports.js';
import type { Logger } from '../util/logger.js';
import { createDevMailer } from './dev-mailer.js';

function harness(printBodies?: boolean) {
  const stored: MailMessage[] = [];
  const lines: string[] = [];
  const store = { add: async (m: MailMessage) => void stored.push(m) } as unknown as MailStore;
  const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) } as unknown as Logger;
  let n = 0;
  const mailer = createDevMailer({ store, logger, clock: { now: () => 0 }, ids: { uuid: () => `m${n++}` } as never, printBodies });
  return { mailer, stored, lines };
}

const mail = { to: 'ada@example.com', subject: 'Your code', text: 'Your code is 123456', html: '<b>123456</b>' };

describe('the mailer without SMTP', () => {
  it('prints the message, code included, in the sandbox', async () => {
    const h = harness();
    await h.mailer.send(mail);
    expect(h.stored).toHaveLength(1);
    expect(h.lines.join('\n')).toContain('123456');
  });

  it('keeps codes out of the logs under `hearth start`, and says the mail was not delivered', async () => {
    const h = harness(false);
    await h.mailer.send(mail);
    expect(h.stored.map((m) => m.text)).toEqual(['Your code is 123456']);
    expect(h.lines.join('\n')).not.toContain('123456');
    expect(h.lines.join('\n')).toContain('not delivered');
  });
});
