/**
 * The admin key for the user pool's IAM-signed operations (AdminCreateUser, ListUsers…):
 * - production: HEARTH_ADMIN_ACCESS_KEY_ID and HEARTH_ADMIN_SECRET_ACCESS_KEY from the environment
 *   (none set: only functions granted defineAuth `access` may call admin operations);
 * - sandbox: created once in `.amplify/hearth/admin-credentials.json` (mode 0600), for scripts
 *   and the AWS SDK on the developer's machine. Never written into amplify_outputs.json, which
 *   ships to browsers.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AdminKey } from '../auth/admin-caller.js';
import { stateDir } from '../project/hearth-paths.js';
import { HearthError } from '../util/errors.js';

export const ADMIN_CREDENTIALS_FILE = 'admin-credentials.json';

export async function loadAdminCredentials(o: {
  projectRoot: string;
  sandbox: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<AdminKey | undefined> {
  const env = o.env ?? process.env;
  const id = env.HEARTH_ADMIN_ACCESS_KEY_ID;
  const secret = env.HEARTH_ADMIN_SECRET_ACCESS_KEY;
  if (id || secret) {
    if (!id || !secret)
      throw new HearthError('ConfigError', 'Set both HEARTH_ADMIN_ACCESS_KEY_ID and HEARTH_ADMIN_SECRET_ACCESS_KEY, or neither.');
    return { accessKeyId: id, secretAccessKey: secret };
  }
  if (!o.sandbox) return undefined;
  const file = join(stateDir(o.projectRoot), ADMIN_CREDENTIALS_FILE);
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<AdminKey>;
    if (stored.accessKeyId && stored.secretAccessKey) return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey };
  } catch {
    // absent or unreadable: make a new one below
  }
  const key = {
    accessKeyId: `HEARTH${randomBytes(7).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
  await mkdir(stateDir(o.projectRoot), { recursive: true });
  await writeFile(file, `${JSON.stringify({ ...key, region: 'see amplify_outputs.json auth.aws_region' }, null, 2)}\n`, { mode: 0o600 });
  return key;
}
