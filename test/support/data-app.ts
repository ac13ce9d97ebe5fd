/**
 * Writes a minimal Amplify Gen 2 app with a data schema (and optionally email auth) into `dir`,
 * for tests that need an app shaped differently from the examples.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const API_KEY_DEFAULT = "{ defaultAuthorizationMode: 'apiKey', apiKeyAuthorizationMode: { expiresInDays: 30 } }";

export interface DataAppOptions {
  /** package name */
  name: string;
  /** the entries of `a.schema({ … })`, e.g. `Todo: a.model({ content: a.string() }).authorization(…)` */
  models: string;
  /** adds `defineAuth({ loginWith: { email: true } })` */
  auth?: boolean;
  /** the `authorizationModes` object literal; the API key as default mode unless given; `null` for none */
  authorizationModes?: string | null;
}

export function writeDataApp(dir: string, o: DataAppOptions): void {
  mkdirSync(join(dir, 'amplify', 'data'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: o.name, type: 'module' }));
  const resources = o.auth ? ['auth', 'data'] : ['data'];
  const imports = resources.map((r) => `import { ${r} } from './${r}/resource';`).join('\n');
  writeFileSync(
    join(dir, 'amplify', 'backend.ts'),
    `import { defineBackend } from '@aws-amplify/backend';\n${imports}\ndefineBackend({ ${resources.join(', ')} });\n`,
  );
  if (o.auth) {
    mkdirSync(join(dir, 'amplify', 'auth'), { recursive: true });
    writeFileSync(
      join(dir, 'amplify', 'auth', 'resource.ts'),
      `import { defineAuth } from '@aws-amplify/backend';\nexport const auth = defineAuth({ loginWith: { email: true } });\n`,
    );
  }
  const modes = o.authorizationModes === undefined ? API_KEY_DEFAULT : o.authorizationModes;
  writeFileSync(
    join(dir, 'amplify', 'data', 'resource.ts'),
    `import { a, defineData } from '@aws-amplify/backend';
const schema = a.schema({
  ${o.models}
});
export const data = defineData({ schema${modes ? `, authorizationModes: ${modes}` : ''} });
`,
  );
}
