import { describe, expect, it } from 'vitest';
import type { NewMail, UserRecord, UserStore } from '../../db/ports.js';
import { type ConsoleEvent, createConsoleEvents } from './console-events.js';

const user = { sub: 's1', username: 'jane@example.com' } as UserRecord;
const mail: NewMail = { id: 'm1', to: 'jane@example.com', subject: 'Your code', text: 't', html: 'h', sentAt: 'x', status: 'stored' };

describe("the console's live feed", () => {
  it("shows a sign-up's user and its mail, written together past the mail store", async () => {
    const written: unknown[] = [];
    const store = { create: async (u: UserRecord, with_: unknown) => void written.push(u, with_) } as unknown as UserStore;
    const events = createConsoleEvents();
    const seen: ConsoleEvent[] = [];
    events.subscribe((e) => seen.push(e));
    await events.watchUsers(store).create(user, { mail });
    expect(written).toEqual([user, { mail }]);
    expect(seen).toEqual([
      { type: 'user', data: { sub: 's1', username: 's1', op: 'create' } },
      { type: 'mail', data: { id: 'm1', to: 'jane@example.com', subject: 'Your code', time: 'x' } },
    ]);
  });
});
