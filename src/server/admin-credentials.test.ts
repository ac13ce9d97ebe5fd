import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempProject } from '../../test/support/function-fakes.js';
import { loadAdminCredentials } from './admin-credentials.js';

it('the sandbox creates the admin key once, in .amplify/hearth, readable by the owner only', async () => {
  const root = await tempProject('hearth-admin-');
  const first = await loadAdminCredentials({ projectRoot: root, sandbox: true, env: {} });
  const again = await loadAdminCredentials({ projectRoot: root, sandbox: true, env: {} });
  expect(first?.accessKeyId).toMatch(/^HEARTH[0-9A-F]{14}$/);
  expect(again).toEqual(first);
  const file = join(root, '.amplify', 'hearth', 'admin-credentials.json');
  expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject(first!);
  expect((await stat(file)).mode & 0o077).toBe(0);
});

it('production reads the key from the environment, and has none without it', async () => {
  const env = { HEARTH_ADMIN_ACCESS_KEY_ID: 'AKIDPROD', HEARTH_ADMIN_SECRET_ACCESS_KEY: 's3cret' };
  expect(await loadAdminCredentials({ projectRoot: '/nonexistent', sandbox: false, env })).toEqual({
    accessKeyId: 'AKIDPROD',
    secretAccessKey: 's3cret',
  });
  expect(await loadAdminCredentials({ projectRoot: '/nonexistent', sandbox: false, env: {} })).toBeUndefined();
  await expect(loadAdminCredentials({ projectRoot: '/x', sandbox: false, env: { HEARTH_ADMIN_ACCESS_KEY_ID: 'A' } })).rejects.toThrow(
    /both/,
  );
});
