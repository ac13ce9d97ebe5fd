import { describe, expect, it } from 'vitest';
import type { ChangeFeed, RecordChange } from '../../db/ports.js';
import { createSqliteChangeFeed } from '../../db/sqlite/change-feed.js';
import type { GraphQLResponse } from '../types.js';
import { type Answer, createSubscriberGroups, type GroupListener } from './subscriber-groups.js';

/** A feed that counts its listeners. */
function countingFeed(): ChangeFeed & { listeners: number } {
  const feed = createSqliteChangeFeed();
  const counted = {
    listeners: 0,
    publish: feed.publish,
    subscribe(l: (c: RecordChange) => void) {
      counted.listeners++;
      const off = feed.subscribe(l);
      return () => {
        counted.listeners--;
        off();
      };
    },
  };
  return counted;
}
const change = (name: string): RecordChange => ({ model: 'Item', op: 'create', record: { name } });
const echo: GroupListener = { shouldDeliver: () => true, render: (c) => ({ data: { name: c.record.name } }) };
const names = (got: GraphQLResponse[]) => got.map((r) => (r.data as { name: string }).name);

describe('subscriber groups', () => {
  it('one listener per key; a member that leaves stops receiving, the last one to leave removes the listener', async () => {
    const feed = countingFeed();
    const groups = createSubscriberGroups(feed);
    const a: GraphQLResponse[] = [];
    const b: GraphQLResponse[] = [];
    const other: GraphQLResponse[] = [];
    const leaveA = groups.join('k', echo, (r) => a.push(r));
    const leaveB = groups.join('k', echo, (r) => b.push(r));
    const leaveOther = groups.join(undefined, echo, (r) => other.push(r));
    expect(feed.listeners).toBe(2);
    await feed.publish(change('one'));
    leaveA();
    leaveA();
    await feed.publish(change('two'));
    expect([names(a), names(b), names(other)]).toEqual([['one'], ['one', 'two'], ['one', 'two']]);
    leaveB();
    leaveOther();
    expect(feed.listeners).toBe(0);
    const c: GraphQLResponse[] = [];
    groups.join('k', echo, (r) => c.push(r));
    await feed.publish(change('three'));
    expect(names(c)).toEqual(['three']);
  });

  it('renders once per change for the whole group; a failing member does not stop the others', async () => {
    const feed = countingFeed();
    let renders = 0;
    const counting: GroupListener = {
      shouldDeliver: (c) => c.record.name !== 'skip',
      render: (c) => {
        renders++;
        return echo.render(c);
      },
    };
    const groups = createSubscriberGroups(feed);
    const got: GraphQLResponse[] = [];
    groups.join('k', counting, () => {
      throw new Error('socket gone');
    });
    for (let i = 0; i < 3; i++) groups.join('k', counting, (r) => got.push(r));
    await feed.publish(change('skip'));
    await feed.publish(change('one'));
    expect(renders).toBe(1);
    expect(names(got)).toEqual(['one', 'one', 'one']);
  });

  it('keeps each subscriber in change order when an answer is not ready at once', async () => {
    const feed = countingFeed();
    const slowFirst: GroupListener = {
      shouldDeliver: () => true,
      render: (c): Answer => {
        const r = echo.render(c);
        return c.record.name === 'slow' ? new Promise((ok) => setTimeout(() => ok(r), 20)) : r;
      },
    };
    const got: GraphQLResponse[] = [];
    createSubscriberGroups(feed).join('k', slowFirst, (r) => got.push(r));
    await feed.publish(change('slow'));
    await feed.publish(change('fast'));
    await new Promise((r) => setTimeout(r, 50));
    expect(names(got)).toEqual(['slow', 'fast']);
  });
});
