/**
 * The console's live feed: `mail`, `user`, `invocation` and `record` events, fanned out to the
 * open event streams (`GET api/events`). The stores are watched where every path writes them, so a
 * sign-up through Cognito, a confirm from the console and a trigger's own write all show up.
 */
import type { ChangeFeed, MailMessage, MailStore, UserStore } from '../../db/ports.js';

export type ConsoleEventType = 'mail' | 'user' | 'invocation' | 'record';

export interface ConsoleEvent {
  type: ConsoleEventType;
  data: unknown;
}

export interface ConsoleEvents {
  publish(e: ConsoleEvent): void;
  /** returns the unsubscribe */
  subscribe(listener: (e: ConsoleEvent) => void): () => void;
  /** the same store, announcing each message stored */
  watchMail(store: MailStore): MailStore;
  /** the same store, announcing each user created, changed or deleted (by sub only: no secrets travel) */
  watchUsers(store: UserStore): UserStore;
  /** announces each record change of `changes` (model, operation, record); returns the unsubscribe */
  watchRecords(changes: ChangeFeed): () => void;
}

export function createConsoleEvents(): ConsoleEvents {
  const listeners = new Set<(e: ConsoleEvent) => void>();
  const publish = (e: ConsoleEvent) => {
    for (const l of listeners) {
      try {
        l(e);
      } catch {
        // one broken stream must not stop the others
      }
    }
  };
  return {
    publish,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    watchMail: (store) => watchMail(store, publish),
    watchUsers: (store) => watchUsers(store, publish),
    watchRecords: (changes) => changes.subscribe((c) => publish({ type: 'record', data: { model: c.model, op: c.op, record: c.record } })),
  };
}

const mailEvent = (m: MailMessage): ConsoleEvent => ({ type: 'mail', data: { id: m.id, to: m.to, subject: m.subject, time: m.sentAt } });

function watchMail(store: MailStore, publish: (e: ConsoleEvent) => void): MailStore {
  const told = (m: MailMessage) => publish(mailEvent(m));
  return {
    ...store,
    async add(m) {
      await store.add(m);
      told(m);
    },
    async enqueue(m) {
      await store.enqueue(m);
      told(m);
    },
  };
}

function watchUsers(store: UserStore, publish: (e: ConsoleEvent) => void): UserStore {
  const user = (sub: string, op: string) => publish({ type: 'user', data: { sub, username: sub, op } });
  return {
    ...store,
    // a sign-up's mail is written with its user (one unit), past the mail store
    async create(u, with_) {
      await store.create(u, with_);
      user(u.sub, 'create');
      if (with_?.mail) publish(mailEvent(with_.mail));
    },
    async update(sub, patch) {
      await store.update(sub, patch);
      user(sub, 'update');
    },
    async confirm(sub, c) {
      const confirmed = await store.confirm(sub, c);
      if (confirmed) user(sub, 'update');
      return confirmed;
    },
    async deleteUser(sub) {
      await store.deleteUser(sub);
      user(sub, 'delete');
    },
  };
}
