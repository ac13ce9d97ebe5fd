/**
 * Delivers the outbox over SMTP, off the request path: `send()` only queues (so a slow or down
 * mail server never blocks or loses a sign-up), then a sender drains the due messages. A failed
 * attempt is retried with exponential backoff (30 s, 1 min, 2 min… capped at 1 h) up to
 * MAX_ATTEMPTS, logged without secrets, and recorded on the message (status, attempts, last error).
 * Several instances may share the outbox: a message is claimed with a lease before it is sent.
 */
import type { MailStore, OutboxEntry } from '../db/ports.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { createPoller } from '../util/poller.js';

export const MAX_ATTEMPTS = 8;
export const LEASE_MS = 60_000;

export interface Transport {
  sendMail(m: { from: string; to: string; subject: string; text: string; html: string; replyTo?: string }): Promise<unknown>;
}

export interface OutboxSenderOptions {
  store: MailStore;
  transport: Transport;
  clock: Clock;
  logger: Logger;
  /** the From address when the message has none */
  defaultFrom: string;
  /** ms before retry n (1-based) */
  backoff?: (attempt: number) => number;
  /** how often to look for due messages (retries, other instances' mail) */
  pollMs?: number;
}

export const defaultBackoff = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);

const masked = (to: string) => to.replace(/^(.).*@(.).*$/, '$1***@$2***');

/** One-line reason, with anything that looks like credentials removed. */
function reason(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m
    .replace(/\/\/[^@\s/]+@/g, '//***@')
    .replace(/\s+/g, ' ')
    .slice(0, 200);
}

export function createOutboxSender(o: OutboxSenderOptions) {
  const backoff = o.backoff ?? defaultBackoff;

  async function deliver(m: OutboxEntry): Promise<void> {
    const now = o.clock.now();
    if (!(await o.store.claim(m.id, now, now + LEASE_MS))) return;
    const attempts = m.attempts + 1;
    try {
      const mail = { from: m.from ?? o.defaultFrom, to: m.to, subject: m.subject, text: m.text, html: m.html };
      await o.transport.sendMail(m.replyTo ? { ...mail, replyTo: m.replyTo } : mail);
      await o.store.settle(m.id, { status: 'sent', attempts });
    } catch (e) {
      const final = attempts >= MAX_ATTEMPTS;
      const wait = backoff(attempts);
      const lastError = reason(e);
      await o.store.settle(m.id, { status: final ? 'failed' : 'queued', attempts, nextAttemptAt: o.clock.now() + wait, lastError });
      const next = final ? 'giving up' : `retrying in ${Math.round(wait / 1000)} s`;
      o.logger.error(`mail ${m.id} to ${masked(m.to)} failed (attempt ${attempts}/${MAX_ATTEMPTS}), ${next}: ${lastError}`);
    }
  }

  async function drain(): Promise<void> {
    for (;;) {
      const batch = await o.store.due(o.clock.now(), 20);
      if (batch.length === 0) return;
      for (const m of batch) await deliver(m);
      if (batch.length < 20) return;
    }
  }

  const poller = createPoller({ pass: drain, pollMs: o.pollMs ?? 5000, onError: (e) => o.logger.error(`mail outbox: ${reason(e)}`) });

  return {
    /** drains the outbox, or once more after the drain running now; resolves when nothing due is left */
    kick: poller.kick,
    start() {
      poller.start();
      void poller.kick();
    },
    stop: poller.stop,
  };
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;
