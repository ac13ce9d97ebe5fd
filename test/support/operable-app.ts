/**
 * An app for the operability tests: email sign-in, a Todo model under the API key, and a custom
 * query `slow(ms)` whose function sleeps, so a request can be kept in flight while the server stops.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const files: Record<string, string> = {
  'package.json': '{"name":"operable-app","type":"module"}',
  'amplify/package.json': '{"type":"module"}',
  'amplify/backend.ts': `import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
defineBackend({ auth, data });
`,
  'amplify/auth/resource.ts': `import { defineAuth } from '@aws-amplify/backend';
export const auth = defineAuth({ loginWith: { email: true } });
`,
  'amplify/data/resource.ts': `import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
import { sleeper } from '../functions/sleeper/resource';
const schema = a.schema({
  Todo: a.model({ content: a.string() }).authorization((allow) => [allow.publicApiKey()]),
  slow: a.query().arguments({ ms: a.integer().required() }).returns(a.string()).authorization((allow) => [allow.publicApiKey()]).handler(a.handler.function(sleeper)),
});
export type Schema = ClientSchema<typeof schema>;
export const data = defineData({
  schema,
  authorizationModes: { defaultAuthorizationMode: 'apiKey', apiKeyAuthorizationMode: { expiresInDays: 30 } },
});
`,
  'amplify/functions/sleeper/resource.ts': `import { defineFunction } from '@aws-amplify/backend';
export const sleeper = defineFunction({ name: 'sleeper', timeoutSeconds: 30 });
`,
  'amplify/functions/sleeper/handler.ts': `export const handler = async (event: any) => {
  console.log('sleeping ' + event.arguments.ms + ' ms');
  await new Promise((r) => setTimeout(r, event.arguments.ms));
  return 'slept ' + event.arguments.ms;
};
`,
};

export function writeOperableApp(dir: string): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}
