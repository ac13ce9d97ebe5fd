/** Writes an app whose backend is only `defineAuth` (the OAuth tests' apps), with `resource` as amplify/auth/resource.ts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function writeAuthOnlyApp(dir: string, resource: string): void {
  const files: Record<string, string> = {
    'package.json': '{"name":"auth-only-app","type":"module"}',
    'amplify/package.json': '{"type":"module"}',
    'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
defineBackend({ auth });
`,
    'amplify/auth/resource.ts': resource,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}
