import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgSchema, pgUrl } from '../../../test/support/pg-schema.js';
import type { RecordChange } from '../ports.js';
import type { ClosableChangeFeed } from '../sql/local-change-feed.js';
import { createSqliteChangeFeed } from '../sqlite/change-feed.js';
import { createPostgresChangeFeed } from './change-feed.js';
import { connectPostgres } from './connect.js';

const change = (content: string): RecordChange => ({ model: 'Todo', op: 'create', record: { id: content, content } });
const until = async (pred: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('sqlite change feed', () => {
  it('delivers in order to every listener until it unsubscribes; a throwing listener stops no one', async () => {
    const feed = createSqliteChangeFeed();
    const a: string[] = [];
    const b: string[] = [];
    feed.subscribe(() => {
      throw new Error('bad listener');
    });
    const offA = feed.subscribe((c) => a.push(c.record.id as string));
    feed.subscribe((c) => b.push(c.record.id as string));
    await feed.publish(change('1'));
    offA();
    await feed.publish(change('2'));
    expect(a).toEqual(['1']);
    expect(b).toEqual(['1', '2']);
  });
});

const skip = pgUrl ? undefined : 'HEARTH_TEST_DATABASE_URL is not set';
describe.skipIf(Boolean(skip))(`postgres change feed${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const open: { feed: ClosableChangeFeed; destroy(): Promise<void> }[] = [];
  const drops: (() => Promise<void>)[] = [];
  let urlA: string;
  let urlOther: string;

  /** `queries` counts the statements the feed runs on the storage's pool */
  async function feedOn(url: string, queries = { n: 0 }) {
    const db = await connectPostgres(url);
    const counted = db.withPlugin({
      transformQuery: (a) => {
        queries.n++;
        return a.node;
      },
      transformResult: async (a) => a.result,
    });
    const feed = await createPostgresChangeFeed({ url, db: counted });
    open.push({ feed, destroy: () => db.destroy() });
    return feed;
  }

  beforeAll(async () => {
    const a = await createPgSchema(pgUrl as string);
    const other = await createPgSchema(pgUrl as string);
    urlA = a.url;
    urlOther = other.url;
    drops.push(a.drop, other.drop);
  });

  afterAll(async () => {
    for (const o of open) {
      await o.feed.close();
      await o.destroy();
    }
    for (const d of drops) await d();
  });

  it('reaches instances on the same schema (large rows too), once on the writer, never another schema', async () => {
    const writer = await feedOn(urlA);
    const reader = await feedOn(urlA);
    const stranger = await feedOn(urlOther);
    const seen = { writer: [] as string[], reader: [] as string[], stranger: [] as string[] };
    writer.subscribe((c) => seen.writer.push(String(c.record.content).slice(0, 5)));
    reader.subscribe((c) => seen.reader.push(String(c.record.content).slice(0, 5)));
    stranger.subscribe((c) => seen.stranger.push(String(c.record.content).slice(0, 5)));
    await writer.publish(change('small'));
    await writer.publish({ model: 'Todo', op: 'update', record: { id: 'big', content: `large${'y'.repeat(9000)}` } });
    await until(() => seen.reader.length === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual({ writer: ['small', 'large'], reader: ['small', 'large'], stranger: [] });
  });

  it("a publish answers without a round trip on the storage's pool, and another instance gets the changes in order", async () => {
    const pool = { n: 0 };
    const writer = await feedOn(urlA, pool);
    const reader = await feedOn(urlA);
    const seen: string[] = [];
    reader.subscribe((c) => seen.push(String(c.record.id)));
    const ids = Array.from({ length: 40 }, (_, i) => `t${i}`);
    for (const id of ids) await writer.publish(change(id));
    expect(pool.n).toBe(0);
    await until(() => seen.length === ids.length);
    expect(seen).toEqual(ids);
  });
});
