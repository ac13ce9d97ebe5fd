/**
 * Adding a field, a model or a secondary index to a running sandbox keeps every row (Amplify's
 * sandbox replaces the table); a type change that would break rows is refused and the previous
 * schema keeps serving; an API key is refused once `expiresInDays` have passed.
 */

import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDialect } from '../../src/db/postgres/dialect.js';
import { tableIndexes } from '../../src/db/sql/table-columns.js';
import { sqliteDialect } from '../../src/db/sqlite/dialect.js';
import { type RunningBackend, startBackend } from '../../src/server/start-backend.js';
import { silentLogger } from '../../src/util/logger.js';
import { repoRoot } from '../support/app-copy.js';
import { writeDataApp } from '../support/data-app.js';
import { createPgSchema, pgUrl } from '../support/pg-schema.js';

const schemaV1 = `Todo: a.model({ content: a.string() }).authorization((allow) => [allow.publicApiKey()]),`;
const schemaV2 = `Todo: a.model({ content: a.string(), done: a.boolean(), priority: a.integer() }).authorization((allow) => [allow.publicApiKey()]),
    Note: a.model({ body: a.string() }).authorization((allow) => [allow.publicApiKey()]),`;

const todoV3 = (content: string, priority: string) =>
  `Todo: a.model({ content: ${content}, done: a.boolean(), priority: ${priority}, tag: a.string() })
      .secondaryIndexes((index) => [index('priority')])
      .authorization((allow) => [allow.publicApiKey()]),
    Note: a.model({ body: a.string() }).authorization((allow) => [allow.publicApiKey()]),`;
const schemaV3 = todoV3('a.string()', 'a.integer()');
const schemaBroken = todoV3('a.integer()', 'a.integer()');
const schemaV4 = todoV3('a.string()', 'a.float()');

function writeApp(dir: string, models: string): void {
  writeDataApp(dir, { name: 'todo-app', models });
}

const clock = {
  t: Date.now(),
  now() {
    return this.t;
  },
};

for (const engine of ['sqlite', 'postgres'] as const) {
  const skip = engine === 'postgres' && !pgUrl ? 'HEARTH_TEST_DATABASE_URL is not set' : undefined;
  describe.skipIf(Boolean(skip))(`schema changes in a running sandbox on ${engine}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const dir = join(repoRoot, 'test-artifacts', `todo-${randomBytes(4).toString('hex')}`);
    let backend: RunningBackend;
    let drop: (() => Promise<void>) | undefined;
    let apiKey: string;

    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(backend.urls.data, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as { data: any; errors?: { errorType: string; message: string }[] } };
    };

    beforeAll(async () => {
      writeApp(dir, schemaV1);
      let databaseUrl: string | undefined;
      if (engine === 'postgres') {
        const s = await createPgSchema(pgUrl as string);
        databaseUrl = s.url;
        drop = s.drop;
      }
      backend = await startBackend({
        projectRoot: dir,
        host: '127.0.0.1',
        port: 0,
        mailbox: true,
        logger: silentLogger,
        databaseUrl,
        clock,
      });
      const outputs = (await import(`${dir}/amplify_outputs.json`, { with: { type: 'json' } })).default;
      apiKey = outputs.data.api_key;
    });

    afterAll(async () => {
      await backend?.close();
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('keeps rows when a field and a model are added', async () => {
      for (const content of ['one', 'two', 'three']) {
        const r = await gql('mutation ($input: CreateTodoInput!) { createTodo(input: $input) { id } }', { input: { content } });
        expect(r.body.errors).toBeUndefined();
      }
      writeApp(dir, schemaV2);
      await backend.reload();
      const list = await gql('{ listTodos { items { content done priority } } }');
      expect(list.body.errors).toBeUndefined();
      expect(list.body.data.listTodos.items.map((t: { content: string }) => t.content).sort()).toEqual(['one', 'three', 'two']);
      expect(list.body.data.listTodos.items.every((t: { done: unknown }) => t.done === null)).toBe(true);
      const note = await gql('mutation { createNote(input: { body: "new model" }) { id body } }');
      expect(note.body.data.createNote.body).toBe('new model');
      const upd = await gql('mutation { createTodo(input: { content: "four", done: true, priority: 2 }) { done priority } }');
      expect(upd.body.data.createTodo).toEqual({ done: true, priority: 2 });
    });

    it('adds a secondary index and a field with every row kept; refuses a change that breaks rows and keeps serving', async () => {
      writeApp(dir, schemaV3);
      await backend.reload();
      const indexes = await tableIndexes(backend.db.db, backend.db.engine === 'sqlite' ? sqliteDialect : postgresDialect, 'Todo');
      expect([...indexes]).toContain('hx_Todo_todosByPriority');
      const listed = await gql('{ listTodos { items { content tag } } }');
      expect(listed.body.data.listTodos.items).toHaveLength(4);
      await gql('mutation { createTodo(input: { content: "tagged", tag: "x" }) { id } }');

      // content holds words: it cannot become an Int; the reload is refused and names the field
      writeApp(dir, schemaBroken);
      await expect(backend.reload()).rejects.toThrow(/Todo\.content cannot change from String to Int: 5 rows hold values/);
      const still = await gql('{ listTodos { items { content tag } } }');
      expect(still.body.errors).toBeUndefined();
      expect(still.body.data.listTodos.items.map((t: { content: string }) => t.content)).toContain('tagged');
      const write = await gql('mutation { createTodo(input: { content: "after refusal" }) { content } }');
      expect(write.body.data.createTodo).toEqual({ content: 'after refusal' });

      // the next good save applies (priority Int → Float is safe for every row)
      writeApp(dir, schemaV4);
      await backend.reload();
      const wider = await gql('mutation { createTodo(input: { content: "half", priority: 1.5 }) { priority } }');
      expect(wider.body.data.createTodo).toEqual({ priority: 1.5 });
      const all = await gql('{ listTodos(limit: 100) { items { content priority } } }');
      expect(all.body.data.listTodos.items).toHaveLength(7);
      expect(all.body.data.listTodos.items.find((t: { content: string }) => t.content === 'four').priority).toBe(2);
    });

    it('refuses the API key after expiresInDays', async () => {
      clock.t += 31 * 86_400_000;
      try {
        const r = await gql('{ listTodos { items { id } } }');
        expect(r.status).toBe(401);
        expect(r.body.errors?.[0]?.errorType).toBe('UnauthorizedException');
      } finally {
        clock.t -= 31 * 86_400_000;
      }
    });
  });
}
