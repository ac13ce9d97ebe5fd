/**
 * DynamoDB stream → function wiring as Amplify's "DynamoDB Streams" page writes it (an
 * EventSourceMapping on `tables['Todo'].tableStreamArn`), and the CDK form
 * `lambda.addEventSource(new DynamoEventSource(table, props))`: the real aws-amplify client
 * creates, updates and deletes records, and the functions log what they receive. On SQLite and,
 * with HEARTH_TEST_DATABASE_URL, on PostgreSQL.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureAmplify } from '../../src/client/index.js';
import { copyFixture, type FixtureApp } from '../fixtures/gen2-apps/fixture-app.js';
import { hearthBin } from '../support/app-copy.js';
import { createPgSchema, databaseFor, E2E_ENGINES, pgUrl } from '../support/pg-schema.js';
import { freePort, type SandboxProcess, startSandbox } from '../support/sandbox-process.js';

type StreamRecord = {
  eventID: string;
  eventName: string;
  eventVersion: string;
  eventSource: string;
  awsRegion: string;
  eventSourceARN: string;
  dynamodb: Record<string, any>;
};

const todoRecords = (out: string): StreamRecord[] => [...out.matchAll(/STREAM-TODO (\{.*\})\s*$/gm)].map((m) => JSON.parse(m[1] as string));
const noteBatches = (out: string): (string | null)[][] =>
  [...out.matchAll(/STREAM-NOTE (\[.*\])\s*$/gm)].map((m) => JSON.parse(m[1] as string));

/** `hearth triggers list …` (the built CLI) against the app's database */
const triggersList = (cwd: string, args: string[]) =>
  new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      [hearthBin, 'triggers', 'list', ...args],
      { cwd, env: { ...process.env, HEARTH_DATABASE_URL: '' } },
      (e, out, err) => (e ? reject(new Error(`${e.message}\n${out}${err}`)) : resolve(out)),
    ),
  );

async function until<T>(what: string, read: () => T | undefined, p: SandboxProcess, ms = 20_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const v = read();
    if (v !== undefined) return v;
  }
  throw new Error(`${what} not seen within ${ms} ms:\n${p.output()}`);
}

describe.each(E2E_ENGINES)('DynamoDB stream → function on $name', ({ name, skip }) => {
  let app: FixtureApp;
  let sandbox: SandboxProcess;
  let drop = async () => {};
  let databaseUrl: string | undefined;

  beforeAll(async () => {
    if (skip) return;
    const database = await databaseFor(name);
    drop = database.drop;
    databaseUrl = database.url;
    app = copyFixture('dynamodb-stream');
    sandbox = await startSandbox({ cwd: app.dir, port: await freePort(), databaseUrl });
    configureAmplify(app.outputs());
  }, 60_000);

  afterAll(async () => {
    await sandbox?.stop();
    app?.remove();
    await drop();
  });

  it.skipIf(skip)(
    'delivers a Todo create, update and delete in order, as DynamoDB stream records',
    async () => {
      const client = generateClient() as any;
      const created = await client.models.Todo.create({
        content: 'buy milk',
        done: false,
        priority: 2,
        tags: ['home', 'today'],
        meta: JSON.stringify({ aisle: 4, cold: true }),
      });
      expect(created.errors).toBeUndefined();
      const todo = created.data;
      expect((await client.models.Todo.update({ id: todo.id, done: true, priority: null })).errors).toBeUndefined();
      expect((await client.models.Todo.delete({ id: todo.id })).errors).toBeUndefined();

      const mine = () => todoRecords(sandbox.output()).filter((r) => r.dynamodb.Keys.id.S === todo.id);
      const records = await until('three stream records', () => (mine().length >= 3 ? mine() : undefined), sandbox);
      expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
      for (const r of records) {
        expect(r).toMatchObject({
          eventVersion: '1.1',
          eventSource: 'aws:dynamodb',
          awsRegion: 'us-east-1',
          eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/Todo/stream/hearth',
        });
        expect(r.eventID).toMatch(/^[0-9a-f]{32}$/);
        expect(r.dynamodb.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
        expect(r.dynamodb.Keys).toEqual({ id: { S: todo.id } });
        expect(r.dynamodb.SizeBytes).toBeGreaterThan(0);
        expect(Math.abs(r.dynamodb.ApproximateCreationDateTime - Date.now() / 1000)).toBeLessThan(120);
      }
      const seqs = records.map((r) => BigInt(r.dynamodb.SequenceNumber));
      expect(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!).toBe(true);

      const [insert, modify, remove] = records as [StreamRecord, StreamRecord, StreamRecord];
      expect(insert.dynamodb.OldImage).toBeUndefined();
      expect(insert.dynamodb.NewImage).toEqual({
        __typename: { S: 'Todo' },
        id: { S: todo.id },
        content: { S: 'buy milk' },
        done: { BOOL: false },
        priority: { N: '2' },
        tags: { L: [{ S: 'home' }, { S: 'today' }] },
        meta: { M: { aisle: { N: '4' }, cold: { BOOL: true } } },
        createdAt: { S: todo.createdAt },
        updatedAt: { S: todo.updatedAt },
      });
      expect(modify.dynamodb.OldImage).toEqual(insert.dynamodb.NewImage);
      expect(modify.dynamodb.NewImage).toMatchObject({ done: { BOOL: true }, content: { S: 'buy milk' } });
      // a field set to null is removed from the item, as Amplify's update resolver does
      expect(modify.dynamodb.NewImage.priority).toBeUndefined();
      expect(remove.dynamodb.NewImage).toBeUndefined();
      expect(remove.dynamodb.OldImage).toEqual(modify.dynamodb.NewImage);
    },
    60_000,
  );

  it.skipIf(skip)(
    'retries a batch whose handler throws, and delivers nothing after it until it succeeds',
    async () => {
      const client = generateClient() as any;
      const tag = `${name}-${Date.now()}`;
      await client.models.Todo.create({ content: `fail-once ${tag}` });
      await client.models.Todo.create({ content: `after ${tag}` });
      const contents = () =>
        todoRecords(sandbox.output())
          .filter((r) => r.eventName === 'INSERT' && r.dynamodb.NewImage.content?.S.endsWith(tag))
          .map((r) => r.dynamodb.NewImage.content.S as string);
      const seen = await until(
        'the record after the failing one',
        () => (contents().includes(`after ${tag}`) ? contents() : undefined),
        sandbox,
      );
      expect(seen).toEqual([`fail-once ${tag}`, `fail-once ${tag}`, `after ${tag}`]);
      expect(sandbox.output()).toMatch(
        /stream Todo → dynamoDB-function: batch failed \(attempt 1\), retrying in \d+ ms, recorded as [\w-]+: Error: failing once/,
      );
      await until('the success on retry', () => (/succeeded on attempt 2/.test(sandbox.output()) ? true : undefined), sandbox);
      // the failing batch is in `hearth triggers`, first retrying, then succeeded on retry
      const dbArgs = databaseUrl ? ['--database-url', databaseUrl] : [];
      const listed = await triggersList(app.dir, ['--status', 'succeeded-on-retry', ...dbArgs]);
      expect(listed).toMatch(/dynamoDB-function\s+dynamodb:Todo\s+succeeded-on-retry\s+2\//);
    },
    60_000,
  );

  it.skipIf(skip)(
    'with ReportBatchItemFailures, resumes at the failed record and batches within maxBatchingWindow',
    async () => {
      const client = generateClient() as any;
      const tag = `${name}-${Date.now()}`;
      const bodies = [`one ${tag}`, `fail-item-once ${tag}`, `three ${tag}`];
      for (const body of bodies) await client.models.Note.create({ body });
      const delivered = () => noteBatches(sandbox.output()).map((b) => b.filter((x) => x?.endsWith(tag)));
      const batches = await until(
        'the retried Notes',
        () =>
          delivered()
            .flat()
            .filter((b) => b === bodies[1]).length >= 2 && delivered().flat().at(-1) === bodies[2]
            ? delivered()
            : undefined,
        sandbox,
      );
      const flat = batches.flat();
      // the first record succeeded and is not delivered again; the failed one and those after it are
      expect(flat.filter((b) => b === bodies[0])).toHaveLength(1);
      expect(flat.filter((b) => b === bodies[1])).toHaveLength(2);
      expect(flat.indexOf(bodies[0] as string)).toBe(0);
      // three creates within the 1 s window arrive together rather than one by one
      expect(batches.filter((b) => b.length > 0)[0]!.length).toBeGreaterThanOrEqual(2);
    },
    60_000,
  );

  it.skipIf(skip)('names at start what it does not apply, and reports no stream construct as ignored', () => {
    const out = sandbox.output();
    const line = (text: string) =>
      readFileSync(join(app.dir, 'amplify/backend.ts'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(text)) + 1;
    expect(out).toContain(
      `ignored by Hearth: bisectBatchOnError of the stream mapping 'data.resources.tables.Note:DynamoEventSource' in amplify/backend.ts:${line('backend.noteStream.resources.lambda.addEventSource(')}`,
    );
    expect(out).not.toMatch(/ignored by Hearth: new lambda\.EventSourceMapping|addEventSource\(\) in|DynamoEventSource\('/);
  });

  it.skipIf(skip)(
    'a batch that was failing when the server was killed is delivered after the restart',
    async () => {
      const client = generateClient() as any;
      const tag = `${name}-crash-${Date.now()}`;
      await client.models.Todo.create({ content: `fail-once ${tag}` });
      await until('the failed attempt', () => (sandbox.output().includes(`failing once on fail-once ${tag}`) ? true : undefined), sandbox);
      sandbox.child.kill('SIGKILL');
      await new Promise((r) => sandbox.child.once('exit', r));
      sandbox = await startSandbox({ cwd: app.dir, port: await freePort(), databaseUrl });
      const delivered = () =>
        todoRecords(sandbox.output()).filter((r) => r.eventName === 'INSERT' && r.dynamodb.NewImage.content?.S === `fail-once ${tag}`);
      await until('the retried record', () => (delivered().length > 0 ? true : undefined), sandbox);
    },
    90_000,
  );
});

describe.skipIf(!pgUrl)('DynamoDB stream → function across two instances on one PostgreSQL database', () => {
  const procs: SandboxProcess[] = [];
  const apps: FixtureApp[] = [];
  let drop = async () => {};
  afterAll(async () => {
    for (const p of procs) await p.stop();
    for (const a of apps) a.remove();
    await drop();
  });

  it('delivers each record once, by one of the instances', async () => {
    const schema = await createPgSchema(pgUrl as string);
    drop = schema.drop;
    const start = async (command: 'sandbox' | 'start') => {
      const app = copyFixture('dynamodb-stream');
      apps.push(app);
      const p = await startSandbox({ cwd: app.dir, port: await freePort(), command, databaseUrl: schema.url });
      procs.push(p);
      return { app, p };
    };
    const a = await start('sandbox');
    const b = await start('start');
    configureAmplify(a.app.outputs());
    const client = generateClient() as any;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await client.models.Todo.create({ content: `multi ${i}` })).data.id);
    const deliveries = () => [...todoRecords(a.p.output()), ...todoRecords(b.p.output())].filter((r) => ids.includes(r.dynamodb.Keys.id.S));
    const all = await until(
      'every record',
      () => (new Set(deliveries().map((r) => r.eventID)).size === ids.length ? deliveries() : undefined),
      a.p,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(deliveries()).toHaveLength(ids.length);
    expect(all.map((r) => r.dynamodb.Keys.id.S).sort()).toEqual([...ids].sort());
  }, 90_000);
});
