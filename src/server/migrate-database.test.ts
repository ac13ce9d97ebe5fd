import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { repoRoot } from '../../test/support/app-copy.js';
import { migrateDatabase } from './migrate-database.js';

const dir = join(repoRoot, 'test-artifacts', `migrate-${randomBytes(4).toString('hex')}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeApp(fields: string): void {
  mkdirSync(join(dir, 'amplify', 'data'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"name":"migrate-app","type":"module"}');
  writeFileSync(
    join(dir, 'amplify', 'backend.ts'),
    `import { defineBackend } from '@aws-amplify/backend';\nimport { data } from './data/resource';\ndefineBackend({ data });\n`,
  );
  writeFileSync(
    join(dir, 'amplify', 'data', 'resource.ts'),
    `import { a, defineData } from '@aws-amplify/backend';
const schema = a.schema({ Todo: a.model({ ${fields} }).authorization((allow) => [allow.publicApiKey()]) });
export const data = defineData({ schema });
`,
  );
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
