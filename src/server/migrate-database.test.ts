import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { repoRoot } from '../../test/support/app-copy.js';
import { writeDataApp } from '../../test/support/data-app.js';
import { migrateDatabase } from './migrate-database.js';

const dir = join(repoRoot, 'test-artifacts', `migrate-${randomBytes(4).toString('hex')}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeApp(fields: string): void {
  writeDataApp(dir, {
    name: 'migrate-app',
    models: `Todo: a.model({ ${fields} }).authorization((allow) => [allow.publicApiKey()])`,
    authorizationModes: null,
  });
}

it('keeps a removed field until --prune-columns drops it', async () => {
  writeApp('content: a.string(), legacy: a.string()');
  expect((await migrateDatabase({ projectRoot: dir })).report.createdTables).toEqual(['Todo']);
  writeApp('content: a.string()');
  const kept = await migrateDatabase({ projectRoot: dir });
  expect(kept).toMatchObject({ engine: 'sqlite', dropped: [], report: { keptColumns: ['Todo.legacy'] } });
  expect((await migrateDatabase({ projectRoot: dir, pruneColumns: true })).dropped).toEqual(['Todo.legacy']);
  expect((await migrateDatabase({ projectRoot: dir })).report.keptColumns).toEqual([]);
});
